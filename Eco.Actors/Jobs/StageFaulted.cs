namespace Eco.Actors.Jobs;

/// <summary>A stage run threw or timed out; <paramref name="NoRetry"/> when another attempt now would be pointless.</summary>
internal sealed record StageFaulted(long RunId, string Stage, string Error, bool NoRetry);
