using Eco.Host.Hosting;

namespace Eco.Host.Auth;

/// <summary>Signs tokens a node on this machine accepts, with the key its configuration names (for <c>eco token</c> and the CLI's
/// own short-lived tokens).</summary>
internal static class NodeTokens
{
    /// <summary>The name a token is for when none is given: the login name.</summary>
    public static string DefaultUser => string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;

    /// <summary>An issuer with the node's key and claims; throws <see cref="InvalidSettingException"/> with the reason when the node
    /// takes no token this machine can sign (an identity provider's, or a key that is not here).</summary>
    public static TokenIssuer IssuerFor(IConfiguration node, out AuthOptions auth)
    {
        auth = node.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (auth.UsesIdentityProvider)
        {
            throw new InvalidSettingException($"this node trusts tokens from {auth.Authority ?? auth.JwksUrl}; get one from that identity provider");
        }
        return new TokenIssuer(SharedSecret.Resolve(auth, node, create: false), TimeProvider.System, auth.SharedSecretIssuer, auth.Audience);
    }
}
