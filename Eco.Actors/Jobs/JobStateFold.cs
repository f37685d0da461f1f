using System.Text.Json;
using Eco.Actors.Journal;

namespace Eco.Actors.Jobs;

/// <summary>The one pure function that turns events into <see cref="JobState"/>; live handling and recovery both use it.</summary>
public static class JobStateFold
{
    /// <summary>Folds one journaled event into the state.</summary>
    public static JobState Apply(JobState state, JournalEntry entry)
    {
        // Lamport: stages started in one append carry the same clock (they are concurrent siblings); every other event ticks it.
        var lamport = entry.Type == JobEventTypes.StageStarted ? JobEventData.ReadLong(entry.DataJson, "lamport") : null;
        state = state with { LastSeq = entry.Seq, Clock = lamport is { } l ? Math.Max(state.Clock, l) : state.Clock + 1 };
        switch (entry.Type)
        {
            case JobEventTypes.Accepted:
                return state with { Status = JobStatus.Running, Spec = JobEventData.ReadSpec(entry.DataJson) };
            case JobEventTypes.StageStarted:
                return entry.Stage is null ? state : state with
                {
                    Running = state.Running.SetItem(entry.Stage, JobEventData.ReadInt(entry.DataJson, "attempt") ?? 1),
                    StageClocks = state.StageClocks.SetItem(entry.Stage, lamport ?? state.Clock),
                };
            case JobEventTypes.StageCompleted when entry.Stage is not null:
                return state with
                {
                    StageOutputs = state.StageOutputs.SetItem(entry.Stage, JobEventData.ReadRaw(entry.DataJson, "output") ?? "null"),
                    Running = state.Running.Remove(entry.Stage),
                };
            case JobEventTypes.StageFailed when entry.Stage is not null:
                return state with { Failures = state.Failures.SetItem(entry.Stage, state.Failures.GetValueOrDefault(entry.Stage) + 1) };
            case JobEventTypes.Completed:
                return state with { Status = JobStatus.Completed, Answer = JobEventData.ReadString(entry.DataJson, "answer"), Running = state.Running.Clear() };
            case JobEventTypes.Failed:
                return state with { Status = JobStatus.Failed, FailureReason = JobEventData.ReadString(entry.DataJson, "reason"), Running = state.Running.Clear() };
            default:
                // token and unknown future types change nothing the pipeline decides on; a retried stage streams
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
