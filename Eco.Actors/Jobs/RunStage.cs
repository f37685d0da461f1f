namespace Eco.Actors.Jobs;

/// <summary>A stage that is ready to run, with its policy.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Policy">Timeout, retry and fail-mode rules.</param>
/// <param name="Compute">Set for a pure stage: its output is a function of the journaled state alone (no I/O, no model, no clock).
/// The job computes it in place and journals its start and output in the same write as the decision that made it ready, so a
/// pure step costs no group commit and no hop off the job's thread of its own.</param>
public sealed record RunStage(string Stage, StagePolicy Policy, Func<JobState, string>? Compute = null);
