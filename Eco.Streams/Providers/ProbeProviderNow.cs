namespace Eco.Streams.Providers;

/// <summary>A node saw a provider fail in use: probe it now rather than at the next interval.</summary>
public sealed record ProbeProviderNow(string Name, string Reason) : IProviderRegistryProtocol;
