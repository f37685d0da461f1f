namespace Eco.Actors.Jobs;

/// <summary>Marker for the messages a job entity handles.</summary>
public interface IJobMessage;

/// <summary>Starts a job; the reply comes once <c>job.accepted</c> is durable (or says the job already existed).</summary>
/// <param name="Spec">What to run.</param>
/// <param name="Reply">Completed with the outcome.</param>
public sealed record SubmitJob(JobSpec Spec, TaskCompletionSource<SubmitOutcome> Reply) : IJobMessage;

/// <summary>Wakes a job so an unfinished one continues (sent to every unfinished job after a restart).</summary>
public sealed record ResumeJob : IJobMessage
{
    /// <summary>The one instance needed.</summary>
    public static readonly ResumeJob Instance = new();
}

/// <summary>Ends a running job now with <c>job.failed</c> (e.g. a newer message interrupted this turn); ignored once the job has ended.</summary>
/// <param name="Reason">Why, for the client.</param>
public sealed record CancelJob(string Reason) : IJobMessage;

/// <summary>The answer to <see cref="SubmitJob"/>.</summary>
/// <param name="Created">False when the job id already existed (an idempotent retry).</param>
/// <param name="LastSeq">The job's last seq at the time of the reply.</param>
public sealed record SubmitOutcome(bool Created, long LastSeq);

/// <summary>Text produced by a running stage, to be journaled as a <c>token</c> event.</summary>
internal sealed record StageTokens(long RunId, string Stage, string Text) : IJobMessage;

/// <summary>A progress event produced by a running stage (waits, retries, fallbacks, requests for input).</summary>
internal sealed record StageProgress(long RunId, string Stage, string Type, string DataJson) : IJobMessage;

/// <summary>A stage run finished with its output.</summary>
internal sealed record StageSucceeded(long RunId, string Stage, string OutputJson, TimeSpan Took) : IJobMessage;

/// <summary>A stage run threw or timed out; <paramref name="NoRetry"/> when another attempt now would be pointless.</summary>
internal sealed record StageFaulted(long RunId, string Stage, string Error, bool NoRetry) : IJobMessage;

/// <summary>The backoff before a stage's next attempt has passed.</summary>
internal sealed record RetryStage(long RunId) : IJobMessage;
