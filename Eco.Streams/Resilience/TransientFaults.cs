using System.ClientModel;
using System.Globalization;
using Eco.Streams.Llm;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Eco.Streams.Resilience;

/// <summary>Which provider faults are worth another attempt, and how long the provider asked us to wait.</summary>
internal static class TransientFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        ClientResultException { Status: 408 or 409 or 429 or >= 500 } => true,
        ClientResultException { Status: 0 } => true, // no response: connection-level failure inside the SDK
        TimeoutRejectedException or HttpRequestException or IOException or System.Text.Json.JsonException or ModelReplyException => true,
        TaskCanceledException or AggregateException => true, // the SDK's network timeout (not the caller's token: that is filtered first)
        _ => false,
    };

    /// <summary>Reads <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or HTTP date) from a 429/503 response.</summary>
    public static TimeSpan? RetryAfter(Exception? exception, TimeProvider time)
    {
        if (exception is not ClientResultException client || client.GetRawResponse() is not { } response)
        {
            return null;
        }
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                var wait = when - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    public static string Describe(Exception exception) => exception switch
    {
        ClientResultException client => $"HTTP {client.Status}",
        BrokenCircuitException or ProviderUnavailableException => "circuit open",
        ModelReplyException reply => reply.Reason,
        TimeoutRejectedException => "attempt timed out",
        _ => exception.GetType().Name,
    };
}
