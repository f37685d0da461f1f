namespace Eco.Actors.Revocations;

/// <summary>The registry's answer to a revocation: the reason of a refusal, whether an event was journaled (false when it was
/// revoked already), and the state after it.</summary>
public sealed record RevocationResult(string? Refusal, bool Recorded, RevocationState State) : IRevocationProtocol;
