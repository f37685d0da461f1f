using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eco.Host.Auth;

/// <summary>Signs Eco's own HS256 tokens (<c>eco token</c>, the CLI's short-lived ones, tests and benchmarks).</summary>
public sealed class TokenIssuer(byte[] key, TimeProvider time, string issuer = AuthOptions.DefaultIssuer, string audience = AuthOptions.DefaultAudience)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256);

    public IssuedToken Issue(string subject, bool admin, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var now = time.GetUtcNow();
        var jti = Guid.CreateVersion7().ToString("N");
        var claims = new Dictionary<string, object> { [EcoClaims.Subject] = subject, [EcoClaims.TokenId] = jti };
        if (admin)
        {
            claims[EcoClaims.Role] = AuthOptions.DefaultAdminRole;
        }
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new IssuedToken(token, jti, subject, admin, now + lifetime);
    }
}
