namespace Eco.Streams.Providers;

/// <summary>Event <c>provider.updated</c>: a new version of a provider's settings (an update or a rollback to an older one).</summary>
public sealed record ProviderUpdated(string Name, int Version, ProviderSettings Settings, string Reason);
