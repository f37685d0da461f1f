using System.Runtime.CompilerServices;
using Akka.Streams;
using Eco.Streams.Llm;
using Eco.Streams.Usage;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Eco.Streams.Resilience;

/// <summary>Wraps one provider in its lane and its resilience pipeline, both built once and shared by every call.</summary>
/// <remarks>
/// Order, outer → inner: the lane (RPM, TPM, concurrency; the slot held for the whole call) → total timeout → retry (jittered exponential,
/// a Retry-After header wins when longer) → circuit breaker → attempt timeout. For a stream, an attempt is "open it and receive the
/// first piece": once text has flowed to the caller nothing is retried here, because the caller has already used it. Each attempt
/// first checks that the caller may still make the call (<see cref="ModelRequest.MayCall"/>): the waits before it can outlast a lease.
/// A reply that answers nothing — a stream without text, an empty reply, prose where JSON was asked — fails its attempt like an
/// error status would (<see cref="ModelReplyException"/>), and an open breaker is reported as this provider's
/// (<see cref="ProviderUnavailableException"/>), never as the calling stage's. Every attempt's outcome, latency and tokens go to
/// the <see cref="IModelUsage"/> given; a call refused by the lane or the breaker counts as one attempt that never left.
/// </remarks>
public sealed class ResilientChatModel : IChatModel, IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<ModelRequest> RequestKey = new("eco.request");
    private readonly IChatModel _inner;
    private readonly ProviderLane _lane;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly TimeProvider _time;
    private readonly IModelUsage _usage;

    /// <summary>Builds the lane and the pipeline for <paramref name="inner"/>.</summary>
    /// <param name="inner">The provider.</param>
    /// <param name="options">Its limits and resilience settings.</param>
    /// <param name="time">The clock of timeouts and delays.</param>
    /// <param name="materializer">Runs the provider's lane (the node's actor system); asked on the first call.</param>
    /// <param name="usage">Counts each attempt's outcome; none by default.</param>
    public ResilientChatModel(IChatModel inner, ProviderLimitsOptions options, TimeProvider time, Func<IMaterializer> materializer, IModelUsage? usage = null)
    {
        _inner = inner;
        _time = time;
        _usage = usage ?? NoModelUsage.Instance;
        _lane = new ProviderLane(options, materializer);
        var transient = new PredicateBuilder().Handle<Exception>(TransientFaults.IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                DelayGenerator = args =>
                {
                    var asked = TransientFaults.RetryAfter(args.Outcome.Exception, time);
                    return ValueTask.FromResult(asked is { } wait && wait > TimeSpan.Zero ? (TimeSpan?)wait : null);
                },
                OnRetry = async args =>
                {
                    LlmMetrics.Retries.Add(1);
                    if (args.Context.Properties.TryGetValue(RequestKey, out var request))
                    {
                        var reason = args.Outcome.Exception is { } e ? TransientFaults.Describe(e) : "failed";
                        await request.NotifyAsync(new ModelNotice("retry", Provider, $"attempt {args.AttemptNumber + 1} failed ({reason})", args.RetryDelay))
                            .ConfigureAwait(false);
                    }
                },
            });
        }
        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 1.0,
                MinimumThroughput = options.BreakerThreshold,
                SamplingDuration = options.BreakerSampling,
                BreakDuration = options.BreakDuration,
                StateProvider = _breaker,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <inheritdoc />
    public string Provider => _inner.Provider;

    /// <inheritdoc />
    public string Model => _inner.Model;

    /// <summary>The breaker's state: Closed, Open, HalfOpen or Isolated.</summary>
    public CircuitState BreakerState => _breaker.CircuitState;

    /// <summary>The provider's lane (calls queued and in flight).</summary>
    public ProviderLane Lane => _lane;

    /// <inheritdoc />
    public async Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        using var permit = await AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        var context = Context(request, cancellationToken);
        try
        {
            LlmMetrics.Calls.Add(1);
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Self.CompleteAttemptAsync(state.Request, ctx.CancellationToken, state.Caller),
                context, (Self: this, Request: request, Caller: cancellationToken)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            Attempted(ModelOutcome.CircuitOpen, TimeSpan.Zero, 0, 0);
            throw new ProviderUnavailableException(Provider, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var permit = await AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        var context = Context(request, cancellationToken);
        OpenedStream opened;
        try
        {
            LlmMetrics.Calls.Add(1);
            opened = await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Self.OpenAsync(state.Request, ctx.CancellationToken, state.Caller),
                context, (Self: this, Request: request, Caller: cancellationToken)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            Attempted(ModelOutcome.CircuitOpen, TimeSpan.Zero, 0, 0);
            throw new ProviderUnavailableException(Provider, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        await using (opened.Enumerator.ConfigureAwait(false))
        {
            using var stream = opened.Cancellation;
            var outcome = ModelOutcome.Cancelled; // unless the stream ends or breaks: the caller stopped reading
            var chars = opened.Enumerator.Current.Length;
            var last = _time.GetTimestamp();
            try
            {
                yield return opened.Enumerator.Current;
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await opened.Enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        outcome = cancellationToken.IsCancellationRequested ? ModelOutcome.Cancelled : ModelOutcome.BrokenStream;
                        throw;
                    }
                    if (!more)
                    {
                        outcome = ModelOutcome.Ok;
                        break;
                    }
                    chars += opened.Enumerator.Current.Length;
                    last = _time.GetTimestamp();
                    yield return opened.Enumerator.Current;
                }
            }
            finally
            {
                var reported = opened.Usage.Value;
                Attempted(outcome, _time.GetElapsedTime(opened.Started, last), reported?.Input ?? request.PromptTokens, reported?.Output ?? chars / 2);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _lane.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IDisposable> AcquireAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        IDisposable permit;
        TimeSpan waited;
        try
        {
            (permit, waited) = await _lane.AcquireAsync(request.EstimatedTokens, cancellationToken).ConfigureAwait(false);
        }
        catch (RateLimitRejectedException)
        {
            Attempted(ModelOutcome.Refused, TimeSpan.Zero, 0, 0);
            throw;
        }
        // Recorded here, not in the lane: the lane does not know whose it is, and waits are read per provider.
        LlmMetrics.PermitWait.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("provider", Provider));
        if (waited >= TimeSpan.FromMilliseconds(100))
        {
            await request.NotifyAsync(new ModelNotice("waiting", Provider, "rate or concurrency budget", waited)).ConfigureAwait(false);
        }
        return permit;
    }

    private static ResilienceContext Context(ModelRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        return context;
    }

    /// <summary>One attempt of a whole reply, under the attempt's timeout; a reply that answers nothing counts as a bad one.</summary>
    private async ValueTask<ModelReply> CompleteAttemptAsync(ModelRequest request, CancellationToken attempt, CancellationToken caller)
    {
        request.EnsureMayCall();
        var started = _time.GetTimestamp();
        ModelReply reply;
        try
        {
            reply = await _inner.CompleteAsync(request, attempt).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Attempted(AttemptOutcomes.Of(ex, caller), _time.GetElapsedTime(started), 0, 0);
            throw;
        }
        var took = _time.GetElapsedTime(started);
        var tokensIn = reply.Usage?.Input ?? request.PromptTokens;
        var tokensOut = reply.Usage?.Output ?? reply.Text.Length / 2;
        try
        {
            var checkedReply = Checked(reply, request);
            Attempted(ModelOutcome.Ok, took, tokensIn, tokensOut);
            return checkedReply;
        }
        catch (ModelReplyException)
        {
            Attempted(ModelOutcome.BadReply, took, tokensIn, tokensOut);
            throw;
        }
    }

    /// <summary>One attempt: open the stream and wait for its first piece, under the attempt's timeout.</summary>
    private async ValueTask<OpenedStream> OpenAsync(ModelRequest request, CancellationToken attempt, CancellationToken caller)
    {
        request.EnsureMayCall();
        var started = _time.GetTimestamp();
        // The stream outlives this attempt, so it runs on our own token: linked to the caller for good, and to the attempt only
        // until the first piece arrives (Polly recycles the attempt's token once the callback returns).
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var usage = new StrongBox<TokenUsage?>();
        var enumerator = _inner.StreamAsync(request with { UsageObserver = reported => usage.Value = reported }, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        try
        {
            bool hasFirst;
            using (attempt.Register(static s => ((CancellationTokenSource)s!).Cancel(), cancellation))
            {
                hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            attempt.ThrowIfCancellationRequested();
            if (!hasFirst)
            {
                // An HTTP 200 stream that closes without text (or carries only an error object) answered nothing: a failed attempt.
                throw new ModelReplyException(Provider, "the stream ended before any text");
            }
            return new OpenedStream(enumerator, cancellation, started, usage);
        }
        catch (Exception ex)
        {
            // A stream that ended without text is broken, not a bad reply: nothing of it was an answer.
            Attempted(ex is ModelReplyException ? ModelOutcome.BrokenStream : AttemptOutcomes.Of(ex, caller), _time.GetElapsedTime(started), 0, 0);
            await cancellation.CancelAsync().ConfigureAwait(false);
            await enumerator.DisposeAsync().ConfigureAwait(false);
            cancellation.Dispose();
            throw;
        }
    }

    /// <summary>A reply that answered what was asked: text, and for structured output the requested JSON (unfenced).</summary>
    private static ModelReply Checked(ModelReply reply, ModelRequest request) => request.Schema is { } schema
        ? reply with { Text = StructuredReplies.Extract(reply.Text, schema, reply.Provider) }
        : string.IsNullOrWhiteSpace(reply.Text) ? throw new ModelReplyException(reply.Provider, "model returned an empty reply") : reply;

    private void Attempted(ModelOutcome outcome, TimeSpan latency, int tokensIn, int tokensOut)
    {
        var attempt = new ModelAttempt(Provider, Model, outcome, latency, tokensIn, tokensOut);
        _usage.Attempted(attempt);
        ModelActivities.Attempted(attempt, _time.GetUtcNow());
    }

    /// <summary>An attempt's open stream: its pieces, its own cancellation, when it started, and the provider's token counts once reported.</summary>
    private sealed record OpenedStream(IAsyncEnumerator<string> Enumerator, CancellationTokenSource Cancellation, long Started, StrongBox<TokenUsage?> Usage);
}
