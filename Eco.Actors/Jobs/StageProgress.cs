namespace Eco.Actors.Jobs;

/// <summary>A progress event of a running stage (waits, retries, fallbacks, requests for input); the window is released once durable.</summary>
internal sealed record StageProgress(long RunId, string Stage, string Type, string DataJson, SemaphoreSlim Window);
