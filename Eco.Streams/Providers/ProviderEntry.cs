using System.Collections.Immutable;

namespace Eco.Streams.Providers;

/// <summary>A provider in the registry: every version of its settings and every change of its state, newest last.</summary>
public sealed record ProviderEntry(
    string Name,
    ProviderState State,
    DateTimeOffset StateSince,
    string StateReason,
    ImmutableList<ProviderVersion> Versions,
    ImmutableList<ProviderTransition> Transitions)
{
    /// <summary>The settings in force.</summary>
    public ProviderVersion Current => Versions[^1];

    /// <summary>True while its probes pass: it may take calls.</summary>
    public bool Serves => State is ProviderState.Active or ProviderState.InUse or ProviderState.Recovered;
}
