namespace Eco.Host.Auth;

/// <summary>A token <see cref="TokenIssuer"/> signed, with what a caller may want to show or revoke.</summary>
public sealed record IssuedToken(string Token, string Jti, string Subject, bool Admin, DateTimeOffset ExpiresAt);
