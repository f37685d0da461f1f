using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>A stage in a pipeline graph: what it waits for, and when it takes part at all.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="DependsOn">Stages that must be done (or inactive) first.</param>
/// <param name="When">Whether the stage runs for this job, decided from journaled state only; null means always.</param>
public sealed record StageNode(IStage Stage, IReadOnlyList<string> DependsOn, Func<JobState, bool>? When = null);
