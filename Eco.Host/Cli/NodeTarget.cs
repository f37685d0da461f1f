using System.Net;
using System.Net.Http.Headers;
using Eco.Host.Auth;
using Eco.Host.Hosting;

namespace Eco.Host.Cli;

/// <summary>A node to talk to and the token to talk with.</summary>
/// <param name="Url">Its base URL.</param>
/// <param name="Token">A token given by the user, or null.</param>
/// <param name="DataDir">The data directory of a node on this machine, or null for the configured one.</param>
/// <param name="Admin">Whether a token the CLI signs itself is an admin's.</param>
internal sealed record NodeTarget(string Url, string? Token, string? DataDir, bool Admin)
{
    /// <summary>Lifetime of a token the CLI signs for itself: one command's worth, with room for a long answer.</summary>
    private static readonly TimeSpan OwnTokenLifetime = TimeSpan.FromMinutes(15);

    public Uri BaseUri => new(Url.TrimEnd('/') + "/");

    /// <summary>An HTTP client for the node with the bearer token set (when there is one).</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = BaseUri, Timeout = timeout };
        if (BearerToken() is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    /// <summary>The token given, or for a node on this machine whose key the CLI can read, one it signs now; else null.</summary>
    public string? BearerToken()
    {
        if (!string.IsNullOrEmpty(Token))
        {
            return Token;
        }
        if (!IsLoopback(BaseUri))
        {
            return null;
        }
        try
        {
            var issuer = NodeTokens.IssuerFor(EcoConfiguration.ForNodeAt(DataDir), out var auth);
            return auth.Enabled ? issuer.Issue(NodeTokens.DefaultUser, Admin, OwnTokenLifetime).Token : null;
        }
        catch (Exception ex) when (ex is InvalidSettingException or IOException or UnauthorizedAccessException)
        {
            return null; // no key here: the node says what it needs
        }
    }

    /// <summary>What to tell a user the node refused with 401.</summary>
    public string UnauthorizedHint => Token is null
        ? "pass --token (or set ECO_TOKEN), or --data-dir of a node on this machine so the CLI can sign one (eco token prints one)"
        : "the token was refused; get a new one (eco token) or check it is for this node";

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
