namespace Eco.Streams.Resilience;

/// <summary>Thrown when a provider's wait queue is full: the caller is told to come back later instead of queueing without bound.</summary>
public sealed class RateLimitRejectedException(string budget, TimeSpan retryAfter)
    : Exception($"the {budget} queue of this provider is full; retry after {retryAfter.TotalSeconds:0.#} s")
{
    /// <summary>When to try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
