namespace Eco.Streams.Providers;

/// <summary>One change of a provider's state, with its time and reason.</summary>
public sealed record ProviderTransition(ProviderState From, ProviderState To, DateTimeOffset At, string Reason);
