namespace Eco.Streams.Providers;

/// <summary>Registers a provider with its first settings.</summary>
public sealed record RegisterProvider(string Name, ProviderSettings Settings) : IProviderRegistryProtocol;
