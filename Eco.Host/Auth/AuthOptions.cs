using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Auth;

/// <summary>How a node checks bearer tokens (<c>Eco:Auth</c>).</summary>
/// <remarks>
/// Three ways to trust a token, from the simplest: the node's own key in its data directory (made on first start, what
/// <c>eco token</c> signs with); a shared secret (<see cref="SigningKey"/> or <see cref="SigningKeyFile"/>, HS256) that every node
/// of a cluster is given; or an identity provider (<see cref="Authority"/> for OpenID Connect discovery, or <see cref="JwksUrl"/>)
/// whose published keys (RS256, ES256, …) are fetched and refreshed as it rotates them. With an identity provider, shared-secret
/// tokens are refused: one kind of key per node, so no algorithm can be confused for another.
/// </remarks>
internal sealed class AuthOptions
{
    public const string SectionName = "Eco:Auth";

    /// <summary>False switches authentication off. A node accepts that only when it listens on loopback alone (benchmarks, a
    /// developer's machine); anything else refuses to start.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>iss</c> a token must carry. Default <c>eco</c> (what <c>eco token</c> issues); an identity provider's
    /// issuer otherwise (with <see cref="Authority"/> it defaults to the discovered one).</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry. Default <c>eco</c>.</summary>
    [Required]
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>A shared secret for HS256 (at least 32 bytes; base64 or plain text). Meant to come from the environment
    /// (<c>Eco__Auth__SigningKey</c>, a Kubernetes Secret), never from a file in the repository.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the HS256 key. Default <c>signing.key</c> in the data directory, created (mode 0600) when missing.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>An OpenID Connect issuer: keys and issuer come from its <c>/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>A JSON Web Key Set URL, for identity providers without discovery.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>How often published keys are fetched again. A token signed with a key not seen yet triggers an earlier fetch, at most
    /// once per <see cref="KeyRefreshMinimum"/>. Default 1 hour, at least 5 minutes (IdentityModel's floor).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan KeyRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Shortest time between two fetches of the published keys. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeyRefreshMinimum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated difference between clocks for <c>exp</c> and <c>nbf</c>. Default 30 s, at most 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The role (in <c>role</c> or <c>roles</c>) that makes a token an admin's. Default <c>admin</c>.</summary>
    [Required]
    public string AdminRole { get; set; } = DefaultAdminRole;

    /// <summary>The scope (in <c>scope</c> or <c>scp</c>) that makes a token an admin's. Default <c>eco.admin</c>.</summary>
    [Required]
    public string AdminScope { get; set; } = "eco.admin";

    /// <summary>Longest lifetime <c>eco token</c> will sign. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxIssuedLifetime { get; set; } = TimeSpan.FromDays(30);

    public const string DefaultIssuer = "eco";
    public const string DefaultAudience = "eco";
    public const string DefaultAdminRole = "admin";

    /// <summary>The issuer set in configuration, or null (an empty value counts as unset).</summary>
    public string? ConfiguredIssuer => string.IsNullOrWhiteSpace(Issuer) ? null : Issuer;

    /// <summary>The issuer of shared-secret tokens: the configured one, or <see cref="DefaultIssuer"/>.</summary>
    public string SharedSecretIssuer => ConfiguredIssuer ?? DefaultIssuer;

    /// <summary>True when tokens come from an identity provider's published keys rather than a shared secret.</summary>
    public bool UsesIdentityProvider => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(JwksUrl);
}
