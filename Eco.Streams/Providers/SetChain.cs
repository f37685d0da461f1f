namespace Eco.Streams.Providers;

/// <summary>Sets the fallback chain, first choice first.</summary>
public sealed record SetChain(IReadOnlyList<string> Chain) : IProviderRegistryProtocol;
