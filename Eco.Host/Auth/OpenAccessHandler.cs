using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Eco.Host.Auth;

/// <summary>Authentication switched off (<c>Eco:Auth:Enabled=false</c>, loopback only): every request acts as one local admin,
/// so the endpoints read the same with and without tokens.</summary>
internal sealed class OpenAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    public const string SchemeName = "Open";
    public const string LocalUser = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity([new Claim(EcoClaims.Subject, LocalUser), new Claim(EcoClaims.Role, auth.Value.AdminRole)], SchemeName,
            EcoClaims.Subject, EcoClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
