namespace Eco.Streams.Providers;

/// <summary>The registry's answer: the outcome, the reason of a refusal, and its state after the command.</summary>
public sealed record RegistryResult(RegistryOutcome Outcome, string? Reason, ProviderRegistryState State) : IProviderRegistryProtocol;
