namespace Eco.Streams.Providers;

/// <summary>One version of a provider's settings: what they were, when they were set and why (registered, updated, rolled back).</summary>
public sealed record ProviderVersion(int Version, ProviderSettings Settings, DateTimeOffset At, string Reason);
