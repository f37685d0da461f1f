using System.Collections.Immutable;

namespace Eco.Actors.Jobs;

/// <summary>A job's state, rebuilt by folding its events; the pipeline decides the next step from it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Life-cycle status.</param>
/// <param name="Spec">The request, once accepted.</param>
/// <param name="LastSeq">The last seq folded in.</param>
/// <param name="StageOutputs">Journaled output (JSON) of each completed stage; such a stage never runs again.</param>
/// <param name="Running">Stages started and not yet completed, with their latest attempt number.</param>
/// <param name="StageClocks">Lamport time at which each stage started; parallel siblings share one.</param>
/// <param name="Clock">The job's Lamport clock: advanced by every event, shared by stages started together.</param>
/// <param name="Answer">The final answer once completed.</param>
/// <param name="FailureReason">Why the job failed, once failed.</param>
public sealed record JobState(
    JobId JobId,
    JobStatus Status,
    JobSpec? Spec,
    long LastSeq,
    ImmutableDictionary<string, string> StageOutputs,
    ImmutableDictionary<string, int> Running,
    ImmutableDictionary<string, long> StageClocks,
    long Clock,
    string? Answer,
    string? FailureReason)
{
    /// <summary>The state of a job with no events.</summary>
    public static JobState Empty(JobId jobId) =>
        new(jobId, JobStatus.New, null, 0, ImmutableDictionary<string, string>.Empty, ImmutableDictionary<string, int>.Empty,
            ImmutableDictionary<string, long>.Empty, 0, null, null);

    /// <summary>Attempts of each stage that ended in <c>stage.failed</c>: what a stage's retry budget counts. An attempt cut off by a
    /// crash or a takeover is not one (it is resumed, and its number still moves on).</summary>
    public ImmutableDictionary<string, int> Failures { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>True once a terminal event is folded in.</summary>
    public bool IsTerminal => Status is JobStatus.Completed or JobStatus.Failed;

    /// <summary>A stage in progress, for display (the first by name when several run in parallel).</summary>
    public string? CurrentStage => Running.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
}
