using Eco.Streams.Llm;
using Eco.Streams.Resilience;
using Eco.Streams.Usage;

namespace Eco.Streams.Providers;

/// <summary>This node's copy of the registry, and the model every stage calls: the effective chain of the latest registry state,
/// each provider built once per version of its settings.</summary>
/// <remarks>
/// A new state swaps the chain at once; a call already under way finishes on the providers it started with. A provider whose
/// settings changed is rebuilt, and its old lane is closed: the calls it holds or queues still run, it takes no new ones.
/// Until the registry answers (a node starting), the state built from configuration serves.
/// </remarks>
public sealed class ProviderDirectory : IChatModel, IAsyncDisposable
{
    private readonly IProviderAdapters _adapters;
    private readonly IModelUsage _usage;
    private readonly Lock _gate = new();
    private volatile Snapshot _current;

    /// <summary>Builds the directory over <paramref name="initial"/> (usually the state from configuration).</summary>
    public ProviderDirectory(ProviderRegistryState initial, IProviderAdapters adapters, IModelUsage usage)
    {
        _adapters = adapters;
        _usage = usage;
        _current = Build(initial, new Dictionary<string, Built>(StringComparer.Ordinal));
    }

    /// <summary>Raised when a provider fails a call after its own retries (provider, reason): the registry probes it at once.</summary>
    public event Action<string, string>? ProviderFailed;

    /// <summary>The registry state this node follows.</summary>
    public ProviderRegistryState State => _current.State;

    /// <inheritdoc />
    public string Provider => _current.Chain.Provider;

    /// <summary>The providers of the state in force, each as built (behind its lane), by name.</summary>
    public IEnumerable<(string Name, IChatModel Model)> Providers => _current.Models.Values.Select(b => (b.Name, b.Model));

    /// <summary>Follows a newer registry state; an older or equal revision (a late or repeated message) changes nothing.</summary>
    /// <returns>True when the state was newer and is now in force.</returns>
    public bool Apply(ProviderRegistryState state)
    {
        List<Built> replaced;
        lock (_gate)
        {
            var current = _current;
            if (state.Revision <= current.State.Revision)
            {
                return false;
            }
            var next = Build(state, current.Models);
            replaced = [.. current.Models.Values.Where(old => !next.Models.TryGetValue(old.Name, out var now) || !ReferenceEquals(now, old))];
            _current = next;
        }
        foreach (var old in replaced)
        {
            _ = DisposeAsync(old.Model);
        }
        return true;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> StreamAsync(ModelRequest request, CancellationToken cancellationToken) =>
        _current.Chain.StreamAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken) =>
        _current.Chain.CompleteAsync(request, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var built in _current.Models.Values)
        {
            await DisposeAsync(built.Model).ConfigureAwait(false);
        }
    }

    private Snapshot Build(ProviderRegistryState state, IReadOnlyDictionary<string, Built> previous)
    {
        var models = new Dictionary<string, Built>(StringComparer.Ordinal);
        foreach (var entry in state.Providers.Values.Where(p => p.State != ProviderState.Retired))
        {
            var version = entry.Current;
            models[entry.Name] = previous.TryGetValue(entry.Name, out var built) && built.Version == version.Version
                ? built
                : new Built(entry.Name, version.Version, _adapters.Create(entry.Name, version.Settings));
        }
        var chain = state.EffectiveChain.Where(models.ContainsKey).Select(name => models[name].Model).ToList();
        return new Snapshot(state, models, new FallbackChatModel(chain, _usage, (provider, reason) => ProviderFailed?.Invoke(provider, reason)));
    }

    private static ValueTask DisposeAsync(IChatModel model) => model is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private sealed record Built(string Name, int Version, IChatModel Model);

    private sealed record Snapshot(ProviderRegistryState State, IReadOnlyDictionary<string, Built> Models, FallbackChatModel Chain);
}
