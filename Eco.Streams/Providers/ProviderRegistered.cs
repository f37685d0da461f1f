namespace Eco.Streams.Providers;

/// <summary>Event <c>provider.registered</c>: a provider's first settings (version 1).</summary>
public sealed record ProviderRegistered(string Name, ProviderSettings Settings, string Reason);
