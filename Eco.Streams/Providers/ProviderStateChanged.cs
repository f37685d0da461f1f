namespace Eco.Streams.Providers;

/// <summary>Event <c>provider.state_changed</c>: a provider moved from one state to another, and why.</summary>
public sealed record ProviderStateChanged(string Name, ProviderState From, ProviderState To, string Reason);
