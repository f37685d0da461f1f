using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Eco.Streams.Resilience;

/// <summary>The one place an LLM call is limited: requests per minute, tokens per minute, then concurrency, per provider.</summary>
/// <remarks>Waiting here is the backpressure of the pipeline: a job waits, memory stays bounded by the queue limits, and the
/// wait is reported. A refusal (queue full) is a value from the limiter turned into <see cref="RateLimitRejectedException"/>.</remarks>
public sealed class ProviderLimiter : IAsyncDisposable
{
    private readonly TokenBucketRateLimiter _requests;
    private readonly TokenBucketRateLimiter _tokens;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly int _tokensPerMinute;
    private readonly int _maxConcurrency;

    /// <summary>Creates the limiters from the provider's options.</summary>
    public ProviderLimiter(ProviderLimitsOptions options)
    {
        _tokensPerMinute = options.TokensPerMinute;
        _maxConcurrency = options.MaxConcurrency;
        _requests = Bucket(options.RequestsPerMinute, options.QueueLimit);
        _tokens = Bucket(options.TokensPerMinute, options.QueueLimit);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrency,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Calls in flight now.</summary>
    public long InFlight => _concurrency.GetStatistics()?.CurrentAvailablePermits is { } free ? _maxConcurrency - free : 0;

    /// <summary>Calls waiting for a permit now.</summary>
    public long Queued => (_concurrency.GetStatistics()?.CurrentQueuedCount ?? 0) + (_requests.GetStatistics()?.CurrentQueuedCount ?? 0) +
                          (_tokens.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>Waits for all three budgets; dispose the result when the call ends to free its concurrency slot.</summary>
    public async Task<(IDisposable Permit, TimeSpan Waited)> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        Ensure(request, "requests-per-minute");
        // A call larger than the whole minute's budget could never run: charge it the full budget instead.
        using var tokens = await _tokens.AcquireAsync(Math.Min(estimatedTokens, _tokensPerMinute), cancellationToken).ConfigureAwait(false);
        Ensure(tokens, "tokens-per-minute");
        var slot = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        Ensure(slot, "concurrency");
        var waited = Stopwatch.GetElapsedTime(started);
        LlmMetrics.PermitWait.Record(waited.TotalMilliseconds);
        return (slot, waited);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _requests.DisposeAsync().ConfigureAwait(false);
        await _tokens.DisposeAsync().ConfigureAwait(false);
        await _concurrency.DisposeAsync().ConfigureAwait(false);
    }

    private static TokenBucketRateLimiter Bucket(int perMinute, int queueLimit)
    {
        // Refill every second (1/60 of the minute's budget) so a burst cannot spend the whole minute in its first millisecond.
        var perSecond = Math.Max(1, perMinute / 60);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private static void Ensure(RateLimitLease lease, string budget)
    {
        if (!lease.IsAcquired)
        {
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            lease.Dispose();
            throw new RateLimitRejectedException(budget, retryAfter);
        }
    }
}
