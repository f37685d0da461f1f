namespace Eco.Actors.Jobs;

/// <summary>One attempt of one stage.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="State">The job's state when the attempt starts (completed stages' outputs).</param>
/// <param name="IsFallback">True when this run is the stage's fallback after its attempts failed (fail mode FALLBACK).</param>
public sealed record StageRun(string Stage, int Attempt, JobState State, bool IsFallback = false)
{
    /// <summary>Identifies this stage's model calls across retries and providers: <c>{job}:{stage}</c>.</summary>
    public string CallKey => $"{State.JobId}:{Stage}";
}
