namespace Eco.Actors.Revocations;

/// <summary>Revokes every token of a user issued until now; answered with a <see cref="RevocationResult"/> once it is journaled.</summary>
public sealed record RevokeUser(string Subject, string? Reason) : IRevocationProtocol;
