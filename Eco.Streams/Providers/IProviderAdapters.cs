using Eco.Streams.Llm;

namespace Eco.Streams.Providers;

/// <summary>Port: turns registry settings into a callable provider, and probes a provider's health.</summary>
public interface IProviderAdapters
{
    /// <summary>The provider behind its lane and resilience pipeline, built from one version of its settings; disposed (when it is
    /// <see cref="IAsyncDisposable"/>) once a newer version replaces it.</summary>
    IChatModel Create(string name, ProviderSettings settings);

    /// <summary>A cheap health check (a models list, or a one-token completion); null when it passed, else why it failed.</summary>
    Task<string?> ProbeAsync(string name, ProviderSettings settings, CancellationToken cancellationToken);
}
