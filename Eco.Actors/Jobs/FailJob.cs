namespace Eco.Actors.Jobs;

/// <summary>End the job as failed.</summary>
/// <param name="Reason">Why.</param>
public sealed record FailJob(string Reason) : PipelineStep;
