using System.ComponentModel.DataAnnotations;

namespace Eco.Streams.Resilience;

/// <summary>Limits and resilience settings for calls to one LLM provider.</summary>
public sealed class ProviderLimitsOptions
{
    /// <summary>Calls in flight at once. Default 64.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Requests per minute. Default 3,000.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerMinute { get; set; } = 3_000;

    /// <summary>Tokens per minute (estimated prompt + output cap). Default 1,000,000.</summary>
    [Range(1, 1_000_000_000)]
    public int TokensPerMinute { get; set; } = 1_000_000;

    /// <summary>Calls that may wait in the provider's lane; when it is full, new calls wait for room. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>How long a call waits for room in a full lane before it is refused (and the next provider is tried). Default 30 s.</summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt (to the first streamed token, or the whole reply). Default 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout over all attempts and waits between them. Default 3 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt. Default 3.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff (a Retry-After header wins when larger). Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Failed calls within <see cref="BreakerSampling"/> (all failing) that open the breaker. Default 5.</summary>
    [Range(2, 10_000)]
    public int BreakerThreshold { get; set; } = 5;

    /// <summary>Window the breaker looks at. Default 30 s.</summary>
    public TimeSpan BreakerSampling { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before one trial call (half-open). Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
