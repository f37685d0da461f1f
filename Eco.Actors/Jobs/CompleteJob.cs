namespace Eco.Actors.Jobs;

/// <summary>Finish the job with an answer.</summary>
/// <param name="Answer">The final answer text.</param>
public sealed record CompleteJob(string Answer) : PipelineStep;
