namespace Eco.Streams.Resilience;

/// <summary>A provider's lane queue stayed full for as long as a call may wait for room: the caller is told to come back later (and
/// the fallback chain moves on) instead of queueing without bound.</summary>
/// <param name="queueLimit">The queue's size.</param>
/// <param name="waited">How long the call waited for room.</param>
public sealed class RateLimitRejectedException(int queueLimit, TimeSpan waited)
    : Exception($"this provider's queue ({queueLimit} calls) stayed full for {waited.TotalSeconds:0.#} s; retry later")
{
    /// <summary>When to try again.</summary>
    public TimeSpan RetryAfter { get; } = waited;
}
