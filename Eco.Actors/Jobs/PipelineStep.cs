namespace Eco.Actors.Jobs;

/// <summary>The pipeline's decision for a running job.</summary>
public abstract record PipelineStep;
