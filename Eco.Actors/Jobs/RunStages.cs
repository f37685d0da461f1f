namespace Eco.Actors.Jobs;

/// <summary>Run every listed stage, in parallel; stages already running are left alone.</summary>
/// <param name="Stages">The ready set (never empty).</param>
public sealed record RunStages(IReadOnlyList<RunStage> Stages) : PipelineStep;
