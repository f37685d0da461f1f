using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;

namespace Eco.Streams.Providers;

/// <summary>The provider registry: one persistent actor for the whole cluster (a cluster singleton), so every node sees the same
/// providers and chain. Every change is journaled before it is answered, then published to every node.</summary>
/// <remarks>
/// It also watches the providers: each one that is not retired is probed on an interval, and at once when a node reports it
/// failing in use. A probe's verdict moves the provider's state (<see cref="ProviderRegistryState.Probed"/>); a provider in error
/// leaves the effective chain on every node until a probe passes again.
/// </remarks>
public sealed class ProviderRegistryActor : UntypedPersistentActor, IWithTimers
{
    /// <summary>The pub-sub topic every node's directory listens on.</summary>
    public const string Topic = "eco.providers";

    /// <summary>The registry's persistence id: an internal stream of the journal (see PersistenceStreams), never served as a job.</summary>
    public const string StreamId = "_providers";

    // A node that sees failures reports each one; one probe per second per provider is plenty.
    private static readonly TimeSpan UrgentProbeSpacing = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyDictionary<string, ProviderSettings> _configured;
    private readonly IReadOnlyList<string> _configuredChain;
    private readonly IProviderAdapters _adapters;
    private readonly TimeProvider _time;
    private readonly ProviderRegistryOptions _options;
    private readonly HashSet<string> _probing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastProbe = new(StringComparer.Ordinal);
    private ProviderRegistryState _state = ProviderRegistryState.Empty;
    private List<ProbeCompleted>? _firstRound;
    private bool _firstRoundDone;

    /// <summary>Use <see cref="Props"/>; public for Akka's activator.</summary>
    public ProviderRegistryActor(IReadOnlyDictionary<string, ProviderSettings> configured, IReadOnlyList<string> configuredChain,
        IProviderAdapters adapters, TimeProvider time, ProviderRegistryOptions options)
    {
        _configured = configured;
        _configuredChain = configuredChain;
        _adapters = adapters;
        _time = time;
        _options = options;
        JournalPluginId = EcoPersistence.JournalPluginId;
        SnapshotPluginId = EcoPersistence.SnapshotPluginId;
    }

    /// <summary>Props of the registry.</summary>
    /// <param name="configured">Providers from configuration: registered when the registry does not know them yet.</param>
    /// <param name="configuredChain">The chain from configuration: set when the registry has never had one.</param>
    /// <param name="adapters">Probes providers.</param>
    /// <param name="time">The clock of events.</param>
    /// <param name="options">Probe interval and timeout.</param>
    public static Props Props(IReadOnlyDictionary<string, ProviderSettings> configured, IReadOnlyList<string> configuredChain,
        IProviderAdapters adapters, TimeProvider time, ProviderRegistryOptions options) =>
        Akka.Actor.Props.Create(() => new ProviderRegistryActor(configured, configuredChain, adapters, time, options));

    /// <inheritdoc />
    public override string PersistenceId => StreamId;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case EventData e:
                _state = _state.Apply(LastSequenceNr, e);
                break;
            case RecoveryCompleted:
                if (_state.ChainVersion > 0 && !_state.Chain.SequenceEqual(_configuredChain, StringComparer.Ordinal))
                {
                    Context.GetLogger().Warning("Eco:Llm:Chain ({0}) differs from the provider registry's chain ({1}); the registry's is in force. " +
                        "Change it with `eco providers chain set`.", string.Join(", ", _configuredChain), string.Join(", ", _state.Chain));
                }
                Commit(_state.Seed(_configured, _configuredChain, _time.GetUtcNow()), replyTo: null, probe: null);
                Publish();
                Timers.StartPeriodicTimer("probe", ProbeAll.Instance, TimeSpan.Zero, _options.ProbeInterval);
                break;
        }
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        var now = _time.GetUtcNow();
        switch (message)
        {
            case RegisterProvider register:
                Commit(_state.Register(register.Name, register.Settings, now), Sender, probe: register.Name);
                break;
            case UpdateProvider update:
                Commit(Patch(update.PatchJson) is { } patch
                    ? _state.Update(update.Name, patch, now)
                    : RegistryDecision.Refuse(RegistryOutcome.Invalid, "the settings change must be a JSON object"), Sender, probe: update.Name);
                break;
            case RollbackProvider rollback:
                Commit(_state.Rollback(rollback.Name, rollback.ToVersion, now), Sender, probe: rollback.Name);
                break;
            case RetireProvider retire:
                Commit(_state.Retire(retire.Name, retire.Reason, now), Sender, probe: null);
                break;
            case SetChain chain:
                Commit(_state.SetChain(chain.Chain, now), Sender, probe: null);
                break;
            case GetProviderRegistry:
                Sender.Tell(new RegistryResult(RegistryOutcome.Ok, null, _state));
                break;
            case ProbeProviderNow urgent:
                if (!_lastProbe.TryGetValue(urgent.Name, out var last) || _time.GetElapsedTime(last) >= UrgentProbeSpacing)
                {
                    Probe(urgent.Name);
                }
                break;
            case ProbeAll:
                foreach (var name in _state.Providers.Values.Where(p => p.State != ProviderState.Retired).Select(p => p.Name))
                {
                    Probe(name);
                }
                _firstRound ??= [];
                break;
            case ProbeCompleted done when _firstRound is { } first && !_firstRoundDone:
                _probing.Remove(done.Name);
                first.Add(done);
                if (_probing.Count == 0)
                {
                    // The first verdicts are journaled together: no node ever follows a chain where the fastest provider to answer
                    // (the offline one) serves and the others are still untried.
                    _firstRoundDone = true;
                    Commit(_state.ProbedAll([.. first.Select(p => (p.Name, p.Version, p.Failure))], now), replyTo: null, probe: null);
                }
                break;
            case ProbeCompleted done:
                _probing.Remove(done.Name);
                Commit(_state.Probed(done.Name, done.Version, done.Failure, now), replyTo: null, probe: null);
                if (_state.Providers.TryGetValue(done.Name, out var probed) && probed.State == ProviderState.Registered)
                {
                    // Still loading: asked again soon, then less often (half its time waiting so far), never rarer than the interval.
                    var again = TimeSpan.FromTicks(Math.Min(Math.Max((now - probed.StateSince).Ticks / 2, UrgentProbeSpacing.Ticks), _options.ProbeInterval.Ticks));
                    Timers.StartSingleTimer($"activate-{done.Name}", new ProbeProviderNow(done.Name, "waiting for it to become ready"), again);
                }
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Journals what was decided, then answers and publishes; a refusal is answered at once and changes nothing.</summary>
    private void Commit(RegistryDecision decision, IActorRef? replyTo, string? probe)
    {
        if (decision.Outcome != RegistryOutcome.Ok || decision.Events.Count == 0)
        {
            replyTo?.Tell(new RegistryResult(decision.Outcome, decision.Reason, _state));
            return;
        }
        var left = decision.Events.Count;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(LastSequenceNr, e);
            if (--left == 0)
            {
                replyTo?.Tell(new RegistryResult(RegistryOutcome.Ok, null, _state));
                Publish();
                if (probe is not null)
                {
                    Probe(probe);
                }
            }
        });
    }

    private void Publish() => DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, _state));

    private void Probe(string name)
    {
        if (_probing.Contains(name) || !_state.Providers.TryGetValue(name, out var entry) || entry.State == ProviderState.Retired)
        {
            return;
        }
        _probing.Add(name);
        _lastProbe[name] = _time.GetTimestamp();
        RunProbeAsync(_adapters, name, entry.Current.Version, entry.Current.Settings, _options.ProbeTimeout).PipeTo(Self);
    }

    // Static: it runs off the actor's thread and touches nothing of the actor's.
    private static async Task<ProbeCompleted> RunProbeAsync(IProviderAdapters adapters, string name, int version, ProviderSettings settings, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return new ProbeCompleted(name, version, await adapters.ProbeAsync(name, settings, deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new ProbeCompleted(name, version, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex)
        {
            return new ProbeCompleted(name, version, ex.Message);
        }
    }

    private static JsonObject? Patch(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ProbeAll
    {
        public static ProbeAll Instance { get; } = new();
    }

    private sealed record ProbeCompleted(string Name, int Version, string? Failure);
}
