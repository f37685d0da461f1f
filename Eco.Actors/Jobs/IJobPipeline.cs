namespace Eco.Actors.Jobs;

/// <summary>The port through which a job entity runs its work: it decides the next step and runs one stage at a time.</summary>
/// <remarks>
/// Implementations must be deterministic in <see cref="NextStep"/> (it sees only journaled state), so a job replayed after a crash
/// takes the same path and never re-runs a stage whose output is journaled.
/// </remarks>
public interface IJobPipeline
{
    /// <summary>Decides what happens next for a running job.</summary>
    PipelineStep NextStep(JobState state);

    /// <summary>Runs one stage; streamed text goes through <paramref name="sink"/>; returns the stage's output as JSON.</summary>
    Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken);
}
