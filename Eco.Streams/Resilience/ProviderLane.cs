using System.Diagnostics;
using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Eco.Streams.Resilience;

/// <summary>
/// The one place an LLM call is limited: a provider's lane, an Akka.Streams graph that admits calls under the provider's
/// requests-per-minute budget, its tokens-per-minute budget (a throttle weighted by each call's estimated tokens) and its
/// concurrency bound, behind a bounded queue.
/// </summary>
/// <remarks>
/// <para>queue (bounded) → skip calls whose caller gave up → throttle(requests/min) → throttle(tokens/min, cost = tokens) →
/// at most N admitted at once (a slot is held until the call ends). The throttles shape: each budget's burst is half a second's
/// worth, so a minute admits its budget and not a full bucket on top.</para>
/// <para>Waiting here is the pipeline's backpressure: a full queue makes the caller wait for room (the job reports the wait as
/// <c>llm.waiting</c>), for at most <see cref="ProviderLimitsOptions.QueueWait"/>; after that the call is refused with the reason
/// (<see cref="RateLimitRejectedException"/>) and the fallback chain moves on. Nothing grows without bound: the queue holds at most
/// <see cref="ProviderLimitsOptions.QueueLimit"/> calls, and every waiting caller is a job already in memory.</para>
/// <para>The graph is materialized on the first call, on the materializer given (the node's actor system).</para>
/// </remarks>
public sealed class ProviderLane : IDisposable
{
    private readonly ProviderLimitsOptions _options;
    private readonly Func<IMaterializer> _materializer;
    private readonly Channel<Call> _queue;
    private readonly Lazy<Task> _running;
    private readonly TaskCompletionSource<IDisposable> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _tokenUnit;
    private int _inFlight;

    /// <summary>Creates the lane; nothing runs until the first call.</summary>
    public ProviderLane(ProviderLimitsOptions options, Func<IMaterializer> materializer)
    {
        _options = options;
        _materializer = materializer;
        _queue = Channel.CreateBounded<Call>(new BoundedChannelOptions(Math.Max(1, options.QueueLimit))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        // Akka's throttle spaces its tokens at least one tick (100 ns) apart: a budget finer than that is counted in coarser units.
        _tokenUnit = Math.Max(1, (int)Math.Ceiling(options.TokensPerMinute / (double)MaxThrottleRatePerMinute));
        _running = new Lazy<Task>(Materialize, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private static readonly long MaxThrottleRatePerMinute = TimeSpan.FromMinutes(1).Ticks / 10;

    /// <summary>Calls admitted and not yet ended.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Calls waiting in the queue.</summary>
    public int Queued => _queue.Reader.CanCount ? _queue.Reader.Count : 0;

    /// <summary>Waits until the lane admits a call of <paramref name="estimatedTokens"/>; dispose the result when the call ends.</summary>
    public async Task<(IDisposable Permit, TimeSpan Waited)> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        _ = _running.Value;
        var started = Stopwatch.GetTimestamp();
        // A call larger than the whole minute's budget could never run: charge it the full budget instead.
        var call = new Call(Math.Clamp(estimatedTokens, 1, _options.TokensPerMinute), this);
        if (!_queue.Writer.TryWrite(call))
        {
            using var room = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            room.CancelAfter(_options.QueueWait);
            try
            {
                await _queue.Writer.WriteAsync(call, room.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RateLimitRejectedException(_options.QueueLimit, _options.QueueWait);
            }
        }
        IDisposable permit;
        using (cancellationToken.Register(static c => ((Call)c!).Abandon(), call))
        {
            // A lane whose graph failed admits nothing more: its callers hear why instead of waiting for ever.
            permit = await await Task.WhenAny(call.Admitted, _failed.Task).ConfigureAwait(false);
        }
        return (permit, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Takes no more calls; the graph ends by itself once the calls in it have ended (or with the actor system).</summary>
    public void Dispose() => _queue.Writer.TryComplete();

    private Task Materialize()
    {
        var tokensPerMinute = (int)(_options.TokensPerMinute / _tokenUnit);
        var requestsBurst = Math.Max(1, _options.RequestsPerMinute / 120);
        var tokensBurst = Math.Max(1, tokensPerMinute / 120);
        var running = ChannelSource.FromReader(_queue.Reader)
            .Where(call => !call.IsAbandoned)
            .Throttle(_options.RequestsPerMinute, TimeSpan.FromMinutes(1), requestsBurst, ThrottleMode.Shaping)
            .Throttle(tokensPerMinute, TimeSpan.FromMinutes(1), tokensBurst, call => (call.Tokens + _tokenUnit - 1) / _tokenUnit, ThrottleMode.Shaping)
            .SelectAsyncUnordered(_options.MaxConcurrency, call => call.Admit())
            .RunWith(Sink.Ignore<Done>(), _materializer());
        running.ContinueWith(t =>
        {
            var reason = t.Exception?.GetBaseException() ?? new InvalidOperationException("the provider's lane stopped");
            _queue.Writer.TryComplete(reason);
            _failed.TrySetException(new InvalidOperationException($"the provider's lane failed: {reason.Message}", reason));
        }, TaskScheduler.Default);
        return running;
    }

    /// <summary>One call in the lane: admitted once, its slot held until the caller disposes the permit.</summary>
    private sealed class Call(int tokens, ProviderLane lane) : IDisposable
    {
        private readonly TaskCompletionSource<IDisposable> _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Done> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Tokens { get; } = tokens;

        public Task<IDisposable> Admitted => _admitted.Task;

        public bool IsAbandoned => _admitted.Task.IsCanceled;

        /// <summary>The caller gave up while waiting: the call leaves the lane without spending a budget it has not reached yet.</summary>
        public void Abandon() => _admitted.TrySetCanceled();

        /// <summary>Admits the call; the lane's slot frees when it ends (or at once if the caller gave up meanwhile).</summary>
        public Task<Done> Admit()
        {
            Interlocked.Increment(ref lane._inFlight);
            if (!_admitted.TrySetResult(this))
            {
                Dispose();
            }
            return _ended.Task;
        }

        public void Dispose()
        {
            if (_ended.TrySetResult(Done.Instance))
            {
                Interlocked.Decrement(ref lane._inFlight);
            }
        }
    }
}
