using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Eco.Host.Auth;

/// <summary>Reads a bare JSON Web Key Set (an identity provider without OpenID Connect discovery) as the configuration the JWT
/// bearer handler refreshes: its signing keys.</summary>
internal sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false));
        var configuration = new OpenIdConnectConfiguration { JwksUri = address, JsonWebKeySet = keys };
        foreach (var key in keys.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }
}
