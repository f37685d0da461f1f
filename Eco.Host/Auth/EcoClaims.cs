using System.Security.Claims;

namespace Eco.Host.Auth;

/// <summary>The claims Eco reads from a token, by their JWT names (inbound claim mapping is off).</summary>
internal static class EcoClaims
{
    public const string Subject = "sub";
    public const string TokenId = "jti";
    public const string IssuedAt = "iat";
    public const string Role = "role";

    /// <summary>The user a request acts for: the token's subject.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirst(Subject)?.Value ?? throw new InvalidOperationException("the request has no authenticated user (an endpoint without RequireAuthorization?)");

    /// <summary>When the token was issued (<c>iat</c>), if it says.</summary>
    public static DateTimeOffset? IssuedAtTime(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(IssuedAt)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>True when the revocation list refuses the token behind <paramref name="user"/>.</summary>
    public static bool IsRevokedBy(this ClaimsPrincipal user, Eco.Actors.Revocations.RevocationList revocations) =>
        revocations.IsRevoked(user.FindFirst(TokenId)?.Value, user.FindFirst(Subject)?.Value, user.IssuedAtTime());

    /// <summary>True for an admin's token: the admin role (in <c>role</c> or <c>roles</c>) or the admin scope (in <c>scope</c> or <c>scp</c>).</summary>
    public static bool IsAdmin(this ClaimsPrincipal user, AuthOptions options) =>
        user.Claims.Any(c => c.Type switch
        {
            Role or "roles" => c.Value == options.AdminRole,
            "scope" or "scp" => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(options.AdminScope, StringComparer.Ordinal),
            _ => false,
        });
}
