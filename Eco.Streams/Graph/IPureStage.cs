using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>A stage whose output is a function of the journaled state alone: no I/O, no model call, no clock, nothing streamed.</summary>
/// <remarks>The job computes it in place (<see cref="RunStage.Compute"/>), in the same write as the step that made it ready. Its
/// failure is deterministic too, so it is never retried: the stage's fail mode applies at once.</remarks>
public interface IPureStage : IStage
{
    /// <summary>The stage's output as JSON.</summary>
    string Compute(JobState state);

    Task<string> IStage.RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken) => Task.FromResult(Compute(run.State));
}
