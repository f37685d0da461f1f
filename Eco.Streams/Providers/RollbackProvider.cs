namespace Eco.Streams.Providers;

/// <summary>Restores the settings of an earlier version, as a new version.</summary>
public sealed record RollbackProvider(string Name, int ToVersion) : IProviderRegistryProtocol;
