namespace Eco.Actors.Jobs;

/// <summary>A stage that is ready to run, with its policy.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Policy">Timeout, retry and fail-mode rules.</param>
public sealed record RunStage(string Stage, StagePolicy Policy);
