namespace Eco.Actors.Jobs;

/// <summary>How one stage is run.</summary>
/// <param name="Timeout">Limit for one attempt. A timed-out attempt is not retried (it would most likely time out again).</param>
/// <param name="MaxAttempts">Attempts before the fail mode applies (1 = no retry).</param>
/// <param name="RetryBackoff">Delay before the second attempt; doubles after each.</param>
/// <param name="FailMode">What a stage that finally fails does to the job.</param>
public sealed record StagePolicy(TimeSpan Timeout, int MaxAttempts, TimeSpan RetryBackoff, FailMode FailMode = FailMode.Close);
