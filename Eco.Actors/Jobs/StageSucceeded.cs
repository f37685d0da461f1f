namespace Eco.Actors.Jobs;

/// <summary>A stage run finished with its output.</summary>
internal sealed record StageSucceeded(long RunId, string Stage, string OutputJson, TimeSpan Took);
