namespace Eco.Actors.Revocations;

/// <summary>Event <c>user.revoked</c>: every token of the user issued at or before <paramref name="RevokedAt"/> is refused; tokens
/// issued later work.</summary>
/// <param name="Subject">The user (the tokens' <c>sub</c> claim).</param>
/// <param name="RevokedAt">The cutoff.</param>
/// <param name="Reason">Why, as the operator wrote it.</param>
public sealed record UserRevoked(string Subject, DateTimeOffset RevokedAt, string? Reason) : IRevocationEvent;
