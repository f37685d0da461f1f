using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eco.Actors.Journal;

namespace Eco.Streams.Providers;

/// <summary>The registry's state: providers, their versions and states, and the fallback chain. A pure fold of the registry's
/// events, and the one place its commands are decided (so the actor only journals and answers).</summary>
/// <param name="Revision">The seq of the last event folded in; 0 for a state built from configuration alone.</param>
/// <param name="Providers">Providers by name.</param>
/// <param name="Chain">The configured fallback chain, first choice first.</param>
/// <param name="ChainVersion">How many times the chain was set.</param>
public sealed record ProviderRegistryState(long Revision, ImmutableSortedDictionary<string, ProviderEntry> Providers, ImmutableList<string> Chain, int ChainVersion)
{
    /// <summary>Event types of the registry's stream.</summary>
    public const string Registered = "provider.registered", Updated = "provider.updated", StateChanged = "provider.state_changed", ChainSet = "chain.changed";

    /// <summary>A registry with nothing in it.</summary>
    public static ProviderRegistryState Empty { get; } = new(0, ImmutableSortedDictionary<string, ProviderEntry>.Empty, [], 0);

    /// <summary>The chain calls go through now: the configured chain without the providers that do not serve (in error, not yet
    /// ready). When none serves, the whole chain: a call that may fail still beats a refusal nobody tried to avoid.</summary>
    public IReadOnlyList<string> EffectiveChain
    {
        get
        {
            var serving = Chain.Where(name => Providers.TryGetValue(name, out var p) && p.Serves).ToList();
            return serving.Count > 0 ? serving : Chain;
        }
    }

    /// <summary>The state built from configuration alone (revision 0): what a node uses before the registry has answered.</summary>
    public static ProviderRegistryState FromConfiguration(IReadOnlyDictionary<string, ProviderSettings> providers, IReadOnlyList<string> chain, DateTimeOffset at) =>
        Empty.Seed(providers, chain, at).Events.Aggregate(Empty, (state, e) => state.Apply(0, e));

    /// <summary>Folds one event in.</summary>
    public ProviderRegistryState Apply(long seq, EventData e) => Apply(seq, e.Type, e.Timestamp, e.DataJson);

    /// <summary>Folds one event in.</summary>
    public ProviderRegistryState Apply(long seq, string type, DateTimeOffset at, string? json)
    {
        switch (type)
        {
            case Registered:
                var registered = Read<ProviderRegistered>(json);
                return this with
                {
                    Revision = seq,
                    Providers = Providers.SetItem(registered.Name, new ProviderEntry(registered.Name, ProviderState.Registered, at, registered.Reason,
                        [new ProviderVersion(1, registered.Settings, at, registered.Reason)], [])),
                };
            case Updated:
                var updated = Read<ProviderUpdated>(json);
                var entry = Providers[updated.Name];
                return this with
                {
                    Revision = seq,
                    Providers = Providers.SetItem(updated.Name, entry with { Versions = entry.Versions.Add(new ProviderVersion(updated.Version, updated.Settings, at, updated.Reason)) }),
                };
            case StateChanged:
                var changed = Read<ProviderStateChanged>(json);
                var moved = Providers[changed.Name];
                return this with
                {
                    Revision = seq,
                    Providers = Providers.SetItem(changed.Name, moved with
                    {
                        State = changed.To,
                        StateSince = at,
                        StateReason = changed.Reason,
                        Transitions = moved.Transitions.Add(new ProviderTransition(changed.From, changed.To, at, changed.Reason)),
                    }),
                };
            case ChainSet:
                return this with { Revision = seq, Chain = [.. Read<ChainChanged>(json).Chain], ChainVersion = ChainVersion + 1 };
            default:
                return this with { Revision = seq }; // a newer node's event type: skipped, not fatal
        }
    }

    /// <summary>Registers the configured providers the registry does not know yet, and on a new registry the configured chain too.
    /// Providers already registered keep their (operator-managed) settings.</summary>
    public RegistryDecision Seed(IReadOnlyDictionary<string, ProviderSettings> configured, IReadOnlyList<string> chain, DateTimeOffset at)
    {
        var events = configured.Where(p => !Providers.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Event(Registered, new ProviderRegistered(p.Key, p.Value, "from configuration"), at)).ToList();
        if (ChainVersion == 0 && chain.Count > 0)
        {
            events.Add(Event(ChainSet, new ChainChanged(chain, "from configuration"), at));
        }
        return RegistryDecision.Accept(events);
    }

    /// <summary>Registers a new provider (version 1).</summary>
    public RegistryDecision Register(string name, ProviderSettings settings, DateTimeOffset at)
    {
        if (Providers.TryGetValue(name, out var existing))
        {
            return RegistryDecision.Refuse(RegistryOutcome.Conflict,
                $"provider '{name}' already exists (version {existing.Current.Version}, {Describe(existing.State)}); update it instead");
        }
        return settings.Problems(name) is { Count: > 0 } problems
            ? RegistryDecision.Refuse(RegistryOutcome.Invalid, string.Join("; ", problems))
            : RegistryDecision.Accept([Event(Registered, new ProviderRegistered(name, settings, "registered"), at)]);
    }

    /// <summary>A new version: the current settings with <paramref name="patch"/> merged in (JSON Merge Patch).</summary>
    public RegistryDecision Update(string name, JsonObject patch, DateTimeOffset at)
    {
        if (Find(name, out var entry) is { } refusal)
        {
            return refusal;
        }
        ProviderSettings settings;
        try
        {
            settings = entry.Current.Settings.With(patch);
        }
        catch (ProviderSettingsException ex)
        {
            return RegistryDecision.Refuse(RegistryOutcome.Invalid, ex.Message);
        }
        return NewVersion(entry, settings, "updated", at);
    }

    /// <summary>A new version holding the settings of version <paramref name="to"/>.</summary>
    public RegistryDecision Rollback(string name, int to, DateTimeOffset at)
    {
        if (Find(name, out var entry) is { } refusal)
        {
            return refusal;
        }
        var version = entry.Versions.Find(v => v.Version == to);
        return version is null
            ? RegistryDecision.Refuse(RegistryOutcome.NotFound, $"provider '{name}' has no version {to} (it has 1–{entry.Current.Version})")
            : NewVersion(entry, version.Settings, $"rolled back to version {to}", at);
    }

    /// <summary>Retires a provider: it takes no more calls and stays for its history. Refused while the chain names it.</summary>
    public RegistryDecision Retire(string name, string? reason, DateTimeOffset at)
    {
        if (!Providers.TryGetValue(name, out var entry))
        {
            return RegistryDecision.Refuse(RegistryOutcome.NotFound, $"no provider '{name}'");
        }
        if (entry.State == ProviderState.Retired)
        {
            return RegistryDecision.Unchanged;
        }
        return Chain.Contains(name)
            ? RegistryDecision.Refuse(RegistryOutcome.Conflict,
                $"provider '{name}' is in the fallback chain ({string.Join(" → ", Chain)}); set a chain without it first, then retire it")
            : RegistryDecision.Accept([Event(StateChanged, new ProviderStateChanged(name, entry.State, ProviderState.Retired, reason ?? "retired by an operator"), at)]);
    }

    /// <summary>Sets the fallback chain; providers entering it that serve become in use, those leaving it active.</summary>
    public RegistryDecision SetChain(IReadOnlyList<string> chain, DateTimeOffset at)
    {
        if (chain.Count == 0)
        {
            return RegistryDecision.Refuse(RegistryOutcome.Invalid, "the chain needs at least one provider");
        }
        if (chain.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return RegistryDecision.Refuse(RegistryOutcome.Invalid, $"provider '{twice.Key}' appears twice in the chain");
        }
        foreach (var name in chain)
        {
            if (!Providers.TryGetValue(name, out var entry))
            {
                return RegistryDecision.Refuse(RegistryOutcome.Invalid, $"the chain names '{name}', which is not registered (known: {string.Join(", ", Providers.Keys)})");
            }
            if (entry.State == ProviderState.Retired)
            {
                return RegistryDecision.Refuse(RegistryOutcome.Invalid, $"provider '{name}' is retired and cannot be in a chain");
            }
        }
        if (chain.SequenceEqual(Chain, StringComparer.Ordinal))
        {
            return RegistryDecision.Unchanged;
        }
        var events = new List<EventData> { Event(ChainSet, new ChainChanged(chain, "set by an operator"), at) };
        foreach (var entry in Providers.Values)
        {
            var named = chain.Contains(entry.Name);
            if (named && entry.State == ProviderState.Active)
            {
                events.Add(Event(StateChanged, new ProviderStateChanged(entry.Name, entry.State, ProviderState.InUse, "named in the fallback chain"), at));
            }
            else if (!named && entry.State == ProviderState.InUse)
            {
                events.Add(Event(StateChanged, new ProviderStateChanged(entry.Name, entry.State, ProviderState.Active, "no longer in the fallback chain"), at));
            }
        }
        return RegistryDecision.Accept(events);
    }

    /// <summary>What a health probe of version <paramref name="version"/> means for the provider's state.</summary>
    /// <param name="name">The provider probed.</param>
    /// <param name="version">The settings version probed (a probe of settings since replaced says nothing).</param>
    /// <param name="failure">Null when the probe passed, else why it failed.</param>
    /// <param name="at">When the probe ended.</param>
    public RegistryDecision Probed(string name, int version, string? failure, DateTimeOffset at)
    {
        if (!Providers.TryGetValue(name, out var entry) || entry.Current.Version != version)
        {
            return RegistryDecision.Unchanged;
        }
        var serving = Chain.Contains(name) ? ProviderState.InUse : ProviderState.Active;
        (ProviderState To, string Reason)? next = (entry.State, failure) switch
        {
            (ProviderState.Retired, _) => null,
            (ProviderState.Registered, null) => (serving, "probe passed: ready"),
            (ProviderState.Registered, _) when at - entry.StateSince >= entry.Current.Settings.ReadyTimeout =>
                (ProviderState.Error, $"not ready within {entry.Current.Settings.ReadyTimeout}: {failure}"),
            (ProviderState.Registered, _) => null, // still loading: keep waiting until its ready timeout
            (ProviderState.Error, null) => (ProviderState.Recovered, "probe passed again"),
            (ProviderState.Error, _) => null,
            (ProviderState.Recovered, null) => (serving, "probes pass steadily"),
            (_, null) => null,
            (_, _) => (ProviderState.Error, $"probe failed: {failure}"),
        };
        if (next is not { } move || move.To == entry.State)
        {
            return RegistryDecision.Unchanged;
        }
        if (entry.State == ProviderState.Registered && move.To == ProviderState.InUse)
        {
            // Ready, then taken into the chain that already names it: registered → active → in use, as every provider goes.
            return RegistryDecision.Accept([
                Event(StateChanged, new ProviderStateChanged(name, entry.State, ProviderState.Active, move.Reason), at),
                Event(StateChanged, new ProviderStateChanged(name, ProviderState.Active, ProviderState.InUse, "named in the fallback chain"), at)]);
        }
        return RegistryDecision.Accept([Event(StateChanged, new ProviderStateChanged(name, entry.State, move.To, move.Reason), at)]);
    }

    /// <summary>What several probes mean together, each decided on the state the ones before it left.</summary>
    public RegistryDecision ProbedAll(IReadOnlyList<(string Name, int Version, string? Failure)> probes, DateTimeOffset at)
    {
        var state = this;
        var events = new List<EventData>();
        foreach (var (name, version, failure) in probes)
        {
            foreach (var e in state.Probed(name, version, failure, at).Events)
            {
                events.Add(e);
                state = state.Apply(state.Revision, e);
            }
        }
        return RegistryDecision.Accept(events);
    }

    /// <summary>The state's name as the API and the CLI write it (<c>in_use</c>).</summary>
    public static string Describe(ProviderState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());

    private RegistryDecision? Find(string name, out ProviderEntry entry)
    {
        if (!Providers.TryGetValue(name, out entry!))
        {
            return RegistryDecision.Refuse(RegistryOutcome.NotFound, $"no provider '{name}'");
        }
        return entry.State == ProviderState.Retired
            ? RegistryDecision.Refuse(RegistryOutcome.Conflict, $"provider '{name}' is retired; its settings no longer change")
            : null;
    }

    private static RegistryDecision NewVersion(ProviderEntry entry, ProviderSettings settings, string reason, DateTimeOffset at)
    {
        if (settings.Problems(entry.Name) is { Count: > 0 } problems)
        {
            return RegistryDecision.Refuse(RegistryOutcome.Invalid, string.Join("; ", problems));
        }
        return Same(settings, entry.Current.Settings)
            ? RegistryDecision.Unchanged
            : RegistryDecision.Accept([Event(Updated, new ProviderUpdated(entry.Name, entry.Current.Version + 1, settings, reason), at)]);
    }

    private static bool Same(ProviderSettings a, ProviderSettings b) => JsonNode.DeepEquals(a.ToJson(), b.ToJson());

    private static EventData Event<T>(string type, T payload, DateTimeOffset at) =>
        new(type, at, null, JsonSerializer.Serialize(payload, StreamsJson.Options));

    private static T Read<T>(string? json) =>
        JsonSerializer.Deserialize<T>(json ?? "null", StreamsJson.Options) ?? throw new JsonException($"a registry event without data ({typeof(T).Name})");
}
