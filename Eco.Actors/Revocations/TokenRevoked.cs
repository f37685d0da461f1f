namespace Eco.Actors.Revocations;

/// <summary>Event <c>token.revoked</c>: the token with this id is refused until it expires.</summary>
/// <param name="Jti">The token's id (its <c>jti</c> claim).</param>
/// <param name="ExpiresAt">When the token expires; after that it is refused anyway, and the entry may be dropped.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="Reason">Why, as the operator wrote it.</param>
public sealed record TokenRevoked(string Jti, DateTimeOffset ExpiresAt, DateTimeOffset RevokedAt, string? Reason) : IRevocationEvent;
