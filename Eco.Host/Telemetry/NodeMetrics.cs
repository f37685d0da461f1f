using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Host.Limits;
using Eco.Streams.Providers;
using Eco.Streams.Resilience;
using Eco.Streams.Usage;
using Polly.CircuitBreaker;

namespace Eco.Host.Telemetry;

/// <summary>The node's own instruments on the <c>Eco.Host</c> meter: model attempts and tokens as the usage recorder sees them,
/// the lag of events sent to watching clients, and gauges read at each scrape (job streams open, provider lanes and breakers, shards held, cluster members).</summary>
/// <remarks>The gauges ask the container for what they read at scrape time, not at construction: the usage recorder that counts
/// attempts is itself a dependency of the provider directory that the lane gauges read.</remarks>
internal sealed class NodeMetrics
{
    public const string MeterName = "Eco.Host";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _streamLag;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;

    public NodeMetrics(IMeterFactory meters, IServiceProvider services, TimeProvider time)
    {
        _services = services;
        _time = time;
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("eco.jobs.submitted", "{job}", "Jobs created through this node (a repeated idempotency key is not counted).");
        _attempts = meter.CreateCounter<long>("eco.model.attempts", "{attempt}", "Model attempts by provider, model and outcome.");
        _tokens = meter.CreateCounter<long>("eco.model.tokens", "{token}", "Tokens sent (direction=in) and received (direction=out).");
        _attemptDuration = meter.CreateHistogram<double>("eco.model.attempt_duration", "ms", "Time of one model attempt, the bare model time.");
        _streamLag = meter.CreateHistogram<double>("eco.stream.lag", "ms",
            "From an event's timestamp to its send to a watching client (WebSocket or SSE), for events that happened while it watched.");
        meter.CreateObservableGauge("eco.websocket.clients", () => _services.GetRequiredService<UserStreams>().Count, "{client}", "Job streams open on this node.");
        meter.CreateObservableGauge("eco.lane.queued", () => Lanes(lane => lane.Queued), "{call}", "Model calls waiting in a provider's lane.");
        meter.CreateObservableGauge("eco.lane.in_flight", () => Lanes(lane => lane.InFlight), "{call}", "Model calls a provider's lane admitted and not yet ended.");
        meter.CreateObservableGauge("eco.breaker.open", BreakersOpen, "{breaker}", "1 while a provider's circuit breaker is open or half-open.");
        meter.CreateObservableGauge("eco.shards.held", ShardsHeld, "{shard}", "Shards this node holds the lease of (cluster mode).");
        meter.CreateObservableGauge("eco.cluster.members", ClusterMembers, "{member}", "Akka cluster members as this node sees them, by status.");
    }

    /// <summary>Counts a job this node's API created.</summary>
    public void JobSubmitted() => _submitted.Add(1);

    /// <summary>Now, as a stream's start: what <see cref="Sent"/> compares event timestamps with.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Records how late <paramref name="entry"/> went out to a client watching since <paramref name="watchingSince"/>.</summary>
    /// <remarks>An event from before the watch began (a replay) is left out: its age is not delivery lag. In a cluster the
    /// timestamp is the job node's clock, so skew between nodes shows here.</remarks>
    public void Sent(JournalEntry entry, DateTimeOffset watchingSince, string transport)
    {
        if (entry.Timestamp >= watchingSince)
        {
            _streamLag.Record((_time.GetUtcNow() - entry.Timestamp).TotalMilliseconds, new KeyValuePair<string, object?>("transport", transport));
        }
    }

    /// <summary>Counts one attempt the usage recorder was told of.</summary>
    public void Attempted(ModelAttempt attempt)
    {
        var outcome = attempt.Outcome.ToString();
        _attempts.Add(1, new TagList { { "provider", attempt.Provider }, { "model", attempt.Model }, { "outcome", outcome } });
        _attemptDuration.Record(attempt.Latency.TotalMilliseconds, new TagList { { "provider", attempt.Provider }, { "outcome", outcome } });
        _tokens.Add(attempt.TokensIn, new TagList { { "provider", attempt.Provider }, { "model", attempt.Model }, { "direction", "in" } });
        _tokens.Add(attempt.TokensOut, new TagList { { "provider", attempt.Provider }, { "model", attempt.Model }, { "direction", "out" } });
    }

    private IEnumerable<Measurement<int>> Lanes(Func<ProviderLane, int> read) =>
        Resilient().Select(p => new Measurement<int>(read(p.Model.Lane), new KeyValuePair<string, object?>("provider", p.Name)));

    private IEnumerable<Measurement<int>> BreakersOpen() =>
        Resilient().Select(p => new Measurement<int>(p.Model.BreakerState is CircuitState.Closed ? 0 : 1,
            new KeyValuePair<string, object?>("provider", p.Name)));

    private IEnumerable<(string Name, ResilientChatModel Model)> Resilient() =>
        _services.GetRequiredService<ProviderDirectory>().Providers
            .Where(p => p.Model is ResilientChatModel)
            .Select(p => (p.Name, (ResilientChatModel)p.Model));

    private IEnumerable<Measurement<int>> ShardsHeld()
    {
        var fences = _services.GetRequiredService<ShardFences>();
        return fences.Enforced ? [new Measurement<int>(fences.HeldShards.Count)] : [];
    }

    private IEnumerable<Measurement<int>> ClusterMembers()
    {
        var system = _services.GetService<ActorSystem>();
        if (system is null || system.WhenTerminated.IsCompleted)
        {
            return [];
        }
        return Cluster.Get(system).State.Members
            .GroupBy(m => m.Status)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key.ToString())));
    }
}
