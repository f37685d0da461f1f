namespace Eco.Actors.Jobs;

/// <summary>The port through which a job entity runs its work: it decides the next step and runs one stage at a time.</summary>
/// <remarks>
/// Implementations must be deterministic in <see cref="NextStep"/> (it sees only journaled state), so a job replayed after a crash
/// takes the same path and never re-runs a stage whose output is journaled.
/// </remarks>
public interface IJobPipeline
{
    /// <summary>Decides what happens next for a running job.</summary>
    PipelineStep NextStep(JobState state);

    /// <summary>Runs one stage; streamed text goes through <paramref name="sink"/>; returns the stage's output as JSON.</summary>
    Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken);
}

/// <summary>One attempt of one stage.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="State">The job's state when the attempt starts (completed stages' outputs).</param>
/// <param name="IsFallback">True when this run is the stage's fallback after its attempts failed (fail mode FALLBACK).</param>
public sealed record StageRun(string Stage, int Attempt, JobState State, bool IsFallback = false)
{
    /// <summary>Identifies this stage's model calls across retries and providers: <c>{job}:{stage}</c>.</summary>
    public string CallKey => $"{State.JobId}:{Stage}";
}

/// <summary>Receives text a stage streams; each call becomes a journaled <c>token</c> event.</summary>
public interface IStageSink
{
    /// <summary>Queues text for the journal; waits when the entity is behind (backpressure).</summary>
    ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken);

    /// <summary>Queues a progress event of this stage (e.g. <c>llm.waiting</c>, <c>llm.retry</c>, <c>needs_input</c>) for the journal.</summary>
    ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken);

    /// <summary>
    /// False once this node may no longer act for the job (in a cluster: it lost the job's shard, or could not renew its lease in
    /// time). A model call must not leave then: the job's next owner makes it.
    /// </summary>
    bool MayAct { get; }
}

/// <summary>The pipeline's decision for a running job.</summary>
public abstract record PipelineStep;

/// <summary>A stage that is ready to run, with its policy.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Policy">Timeout, retry and fail-mode rules.</param>
public sealed record RunStage(string Stage, StagePolicy Policy);

/// <summary>Run every listed stage, in parallel; stages already running are left alone.</summary>
/// <param name="Stages">The ready set (never empty).</param>
public sealed record RunStages(IReadOnlyList<RunStage> Stages) : PipelineStep;

/// <summary>Finish the job with an answer.</summary>
/// <param name="Answer">The final answer text.</param>
public sealed record CompleteJob(string Answer) : PipelineStep;

/// <summary>End the job as failed.</summary>
/// <param name="Reason">Why.</param>
public sealed record FailJob(string Reason) : PipelineStep;

/// <summary>How one stage is run.</summary>
/// <param name="Timeout">Limit for one attempt. A timed-out attempt is not retried (it would most likely time out again).</param>
/// <param name="MaxAttempts">Attempts before the fail mode applies (1 = no retry).</param>
/// <param name="RetryBackoff">Delay before the second attempt; doubles after each.</param>
/// <param name="FailMode">What a stage that finally fails does to the job.</param>
public sealed record StagePolicy(TimeSpan Timeout, int MaxAttempts, TimeSpan RetryBackoff, FailMode FailMode = FailMode.Close);

/// <summary>What happens when a stage has used up its attempts.</summary>
public enum FailMode
{
    /// <summary>The job fails (<c>job.failed</c>).</summary>
    Close,
    /// <summary>The stage is recorded as failed-open (output <c>{"ok":false,…}</c>) and the job goes on without it.</summary>
    Open,
    /// <summary>The stage's fallback runs once (<see cref="StageRun.IsFallback"/>); if that fails too, the stage fails open.</summary>
    Fallback,
}
