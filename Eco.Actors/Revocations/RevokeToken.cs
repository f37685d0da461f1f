namespace Eco.Actors.Revocations;

/// <summary>Revokes one token until it expires; answered with a <see cref="RevocationResult"/> once the revocation is journaled.</summary>
/// <param name="Jti">The token's id (its <c>jti</c> claim).</param>
/// <param name="ExpiresAt">The token's expiry (its <c>exp</c>); null for <see cref="RevocationOptions.DefaultTokenLifetime"/> from now.</param>
/// <param name="Reason">Why, as the operator wrote it.</param>
public sealed record RevokeToken(string Jti, DateTimeOffset? ExpiresAt, string? Reason) : IRevocationProtocol;
