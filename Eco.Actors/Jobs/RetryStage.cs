namespace Eco.Actors.Jobs;

/// <summary>The backoff before a stage's next attempt has passed.</summary>
internal sealed record RetryStage(long RunId);
