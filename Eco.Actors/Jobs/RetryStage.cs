namespace Eco.Actors.Jobs;

/// <summary>The backoff before a stage's next run has passed.</summary>
/// <param name="RunId">The run that failed.</param>
/// <param name="Counted">True when the failure spent an attempt (the next run is a new attempt); false when the run was cut off
/// because the node may not act on the job, and the same attempt runs again.</param>
internal sealed record RetryStage(long RunId, bool Counted);
