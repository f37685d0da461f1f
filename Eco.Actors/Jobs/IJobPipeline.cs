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
/// <param name="State">The job's state when the attempt starts (completed stages' outputs, text already journaled for this stage).</param>
public sealed record StageRun(string Stage, int Attempt, JobState State);

/// <summary>Receives text a stage streams; each call becomes a journaled <c>token</c> event.</summary>
public interface IStageSink
{
    /// <summary>Queues text for the journal; waits when the entity is behind (backpressure).</summary>
    ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken);
}

/// <summary>The pipeline's decision for a running job.</summary>
public abstract record PipelineStep;

/// <summary>Run a stage under a policy.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Policy">Timeout and retry rules.</param>
public sealed record RunStage(string Stage, StagePolicy Policy) : PipelineStep;

/// <summary>Finish the job with an answer.</summary>
/// <param name="Answer">The final answer text.</param>
public sealed record CompleteJob(string Answer) : PipelineStep;

/// <summary>End the job as failed.</summary>
/// <param name="Reason">Why.</param>
public sealed record FailJob(string Reason) : PipelineStep;

/// <summary>How one stage is run: per-attempt timeout and how many attempts.</summary>
/// <param name="Timeout">Limit for one attempt.</param>
/// <param name="MaxAttempts">Attempts before the job fails (1 = no retry).</param>
/// <param name="RetryBackoff">Delay before the second attempt; doubles after each.</param>
public sealed record StagePolicy(TimeSpan Timeout, int MaxAttempts, TimeSpan RetryBackoff);
