using System.Text.Json;
using Eco.Actors.Journal;

namespace Eco.Actors.Jobs;

/// <summary>The one pure function that turns events into <see cref="JobState"/>; live handling and recovery both use it.</summary>
public static class JobStateFold
{
    /// <summary>Folds one journaled event into the state.</summary>
    public static JobState Apply(JobState state, JournalEntry entry)
    {
        state = state with { LastSeq = entry.Seq };
        switch (entry.Type)
        {
            case JobEventTypes.Accepted:
                return state with { Status = JobStatus.Running, Spec = JobEventData.ReadSpec(entry.DataJson) };
            case JobEventTypes.StageStarted:
                return state with { CurrentStage = entry.Stage, CurrentAttempt = JobEventData.ReadInt(entry.DataJson, "attempt") ?? 1 };
            case JobEventTypes.StageCompleted when entry.Stage is not null:
                return state with
                {
                    StageOutputs = state.StageOutputs.SetItem(entry.Stage, JobEventData.ReadRaw(entry.DataJson, "output") ?? "null"),
                    CurrentStage = null,
                    CurrentAttempt = 0,
                };
            case JobEventTypes.Completed:
                return state with { Status = JobStatus.Completed, Answer = JobEventData.ReadString(entry.DataJson, "answer"), CurrentStage = null };
            case JobEventTypes.Failed:
                return state with { Status = JobStatus.Failed, FailureReason = JobEventData.ReadString(entry.DataJson, "reason"), CurrentStage = null };
            default:
                // token, stage.failed and unknown future types change nothing the pipeline decides on; a retried stage streams
                // from the start (its stage.started says so), so partial text is never state.
                return state;
        }
    }

    /// <summary>Folds a sequence of events.</summary>
    public static JobState Replay(JobState state, IEnumerable<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            state = Apply(state, entry);
        }
        return state;
    }

    internal static JsonSerializerOptions SnapshotJson { get; } = new(JsonSerializerDefaults.Web);
}
