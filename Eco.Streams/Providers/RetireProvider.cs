namespace Eco.Streams.Providers;

/// <summary>Takes a provider out of service for good (it keeps its history).</summary>
public sealed record RetireProvider(string Name, string? Reason) : IProviderRegistryProtocol;
