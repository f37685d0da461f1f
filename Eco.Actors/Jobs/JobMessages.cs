namespace Eco.Actors.Jobs;

/// <summary>Marker of the job messages that may cross nodes (bound to <see cref="JobMessageSerializer"/>).</summary>
public interface IJobProtocol;

/// <summary>Starts a job; the reply (<see cref="SubmitOutcome"/>) comes once <c>job.accepted</c> is durable, or says the job existed.</summary>
/// <param name="Spec">What to run.</param>
public sealed record SubmitJob(JobSpec Spec) : IJobProtocol;

/// <summary>Ends a running job now with <c>job.failed</c> (e.g. a newer message interrupted this turn); ignored once the job has ended.</summary>
/// <param name="Reason">Why, for the client.</param>
public sealed record CancelJob(string Reason) : IJobProtocol;

/// <summary>The answer to <see cref="SubmitJob"/>.</summary>
/// <param name="Created">False when the job id already existed (an idempotent retry).</param>
/// <param name="LastSeq">The job's last seq at the time of the reply.</param>
public sealed record SubmitOutcome(bool Created, long LastSeq) : IJobProtocol;

/// <summary>Text produced by a running stage, to be journaled as a <c>token</c> event; the window is released once it is durable.</summary>
internal sealed record StageTokens(long RunId, string Stage, string Text, SemaphoreSlim Window);

/// <summary>A progress event of a running stage (waits, retries, fallbacks, requests for input); the window is released once durable.</summary>
internal sealed record StageProgress(long RunId, string Stage, string Type, string DataJson, SemaphoreSlim Window);

/// <summary>A stage run finished with its output.</summary>
internal sealed record StageSucceeded(long RunId, string Stage, string OutputJson, TimeSpan Took);

/// <summary>A stage run threw or timed out; <paramref name="NoRetry"/> when another attempt now would be pointless.</summary>
internal sealed record StageFaulted(long RunId, string Stage, string Error, bool NoRetry);

/// <summary>The backoff before a stage's next attempt has passed.</summary>
internal sealed record RetryStage(long RunId);
