using System.ClientModel;
using System.Text.Json;
using Eco.Streams.Llm;
using Eco.Streams.Usage;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Eco.Streams.Resilience;

/// <summary>Names how a failed attempt ended, for the usage statistics.</summary>
internal static class AttemptOutcomes
{
    /// <summary>The outcome of an attempt that threw <paramref name="error"/> before any text arrived.</summary>
    /// <remarks>A cancellation the caller did not ask for is a timeout: Polly's attempt or total timeout cancels the attempt's token
    /// from inside, and the SDK's own network timeout surfaces as a cancellation too.</remarks>
    public static ModelOutcome Of(Exception error, CancellationToken caller) => error switch
    {
        _ when caller.IsCancellationRequested => ModelOutcome.Cancelled,
        ClientResultException { Status: 429 } => ModelOutcome.RateLimited,
        ClientResultException { Status: >= 500 } => ModelOutcome.ServerError,
        ClientResultException { Status: 408 } or TimeoutRejectedException or OperationCanceledException => ModelOutcome.Timeout,
        ModelReplyException => ModelOutcome.BadReply,
        IOException or JsonException => ModelOutcome.BrokenStream,
        BrokenCircuitException or ProviderUnavailableException => ModelOutcome.CircuitOpen,
        RateLimitRejectedException => ModelOutcome.Refused,
        _ => ModelOutcome.Other,
    };
}
