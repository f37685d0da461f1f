using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eco.Tests.Support;

/// <summary>Tokens a node must refuse, built on purpose: wrong times, wrong issuer or audience, wrong key, no signature at all.</summary>
public static class ForgedTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>An HS256 token with every field chosen by the caller (null leaves a field out).</summary>
    public static string Hs256(byte[] key, string subject = "mallory", string issuer = "eco", string audience = "eco",
        DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, bool withExpiry = true, string? role = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["jti"] = Guid.NewGuid().ToString("N") };
        if (role is not null)
        {
            claims["role"] = role;
        }
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).UtcDateTime,
            NotBefore = (notBefore ?? now).UtcDateTime,
            Expires = withExpiry ? (expires ?? now.AddMinutes(10)).UtcDateTime : null,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary><c>alg: none</c>: a valid-looking token with no signature.</summary>
    public static string Unsigned(string subject = "mallory", string? role = "admin")
    {
        var header = Base64Url(JsonSerializer.Serialize(new { alg = "none", typ = "JWT" }));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sub"] = subject, ["iss"] = "eco", ["aud"] = "eco", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600, ["role"] = role,
        }));
        return $"{header}.{payload}.";
    }

    /// <summary>The classic confusion: an HS256 token whose "secret" is the RSA public key a node publishes.</summary>
    public static string HmacWithPublicKey(RsaSecurityKey rsa, string issuer, string subject = "mallory")
    {
        var publicPem = Encoding.ASCII.GetBytes(rsa.Rsa.ExportSubjectPublicKeyInfoPem());
        var header = Base64Url(JsonSerializer.Serialize(new { alg = "HS256", typ = "JWT", kid = rsa.KeyId }));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = subject, ["iss"] = issuer, ["aud"] = "eco", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600,
        }));
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(publicPem, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
