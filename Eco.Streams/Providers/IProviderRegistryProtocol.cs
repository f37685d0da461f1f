namespace Eco.Streams.Providers;

/// <summary>Marks the registry's messages that cross nodes (bound to <see cref="ProviderMessageSerializer"/>).</summary>
public interface IProviderRegistryProtocol;
