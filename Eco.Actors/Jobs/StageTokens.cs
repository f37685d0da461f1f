namespace Eco.Actors.Jobs;

/// <summary>Text produced by a running stage, to be journaled as a <c>token</c> event; the window is released once it is durable.</summary>
internal sealed record StageTokens(long RunId, string Stage, string Text, SemaphoreSlim Window);
