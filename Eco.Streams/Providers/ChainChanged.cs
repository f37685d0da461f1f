namespace Eco.Streams.Providers;

/// <summary>Event <c>chain.changed</c>: the fallback chain, first choice first.</summary>
public sealed record ChainChanged(IReadOnlyList<string> Chain, string Reason);
