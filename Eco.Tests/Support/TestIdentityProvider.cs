using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eco.Tests.Support;

/// <summary>An identity provider on a loopback port: OpenID Connect discovery and a JSON Web Key Set whose keys a test rotates,
/// and tokens signed with those keys (RS256, ES256).</summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string IssuerName = "https://idp.test/";
    private readonly WebApplication _app;
    private volatile IReadOnlyList<SecurityKey> _published = [];

    private TestIdentityProvider(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    public Uri Root { get; }
    public string JwksUrl => new Uri(Root, "jwks").ToString();

    /// <summary>How many times the key set was fetched.</summary>
    public int Fetches { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestIdentityProvider? self = null;
        app.MapGet("/jwks", () =>
        {
            self!.Fetches++;
            var keys = self._published.Select(k => JsonWebKeyConverter.ConvertFromSecurityKey(k)).ToList();
            return Results.Text(JsonSerializer.Serialize(new { keys = keys.Select(Public) }), "application/json");
        });
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
            Results.Json(new { issuer = IssuerName, jwks_uri = self!.JwksUrl }));
        await app.StartAsync();
        var address = app.Urls.First();
        self = new TestIdentityProvider(app, new Uri(address + "/"));
        return self;
    }

    /// <summary>Publishes exactly these keys from now on.</summary>
    public void Publish(params SecurityKey[] keys) => _published = keys;

    public static RsaSecurityKey NewRsaKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public static ECDsaSecurityKey NewEcKey(string kid) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = kid };

    /// <summary>A token for <paramref name="subject"/> signed with <paramref name="key"/> (RS256 for RSA, ES256 for EC).</summary>
    public static string Sign(SecurityKey key, string subject, string issuer = IssuerName, string audience = "eco", string? role = null)
    {
        var algorithm = key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["jti"] = Guid.NewGuid().ToString("N") };
        if (role is not null)
        {
            claims["role"] = role;
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private static Dictionary<string, object?> Public(JsonWebKey key) => key.Kty switch
    {
        "RSA" => new() { ["kty"] = key.Kty, ["kid"] = key.Kid, ["use"] = "sig", ["n"] = key.N, ["e"] = key.E },
        _ => new() { ["kty"] = key.Kty, ["kid"] = key.Kid, ["use"] = "sig", ["crv"] = key.Crv, ["x"] = key.X, ["y"] = key.Y },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
