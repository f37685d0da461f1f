using System.Net;
using Eco.Host.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Eco.Host.Auth;

/// <summary>Bearer tokens on every public route (ASP.NET Core's JWT handler) and the admin policy of the management port.</summary>
internal static class AuthRegistration
{
    /// <summary>The policy of <c>/admin/*</c>: an admin's token.</summary>
    public const string AdminPolicy = "admin";

    private static readonly string[] SharedSecretAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];
    private static readonly string[] PublishedKeyAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static IServiceCollection AddEcoAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Ownership>();
        services.AddSingleton<RevocationWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationWatch>());
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(EcoClaims.Subject).Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.IsAdmin(auth)));
        if (!auth.Enabled)
        {
            services.AddAuthentication(OpenAccessHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, OpenAccessHandler>(OpenAccessHandler.SchemeName, null);
            return services;
        }
        var clusterEnabled = configuration.GetValue<bool>("Eco:Cluster:Enabled");
        if (clusterEnabled && !auth.UsesIdentityProvider && string.IsNullOrEmpty(auth.SigningKey) && string.IsNullOrEmpty(auth.SigningKeyFile))
        {
            throw new InvalidSettingException("in a cluster every node must check tokens with the same key: set Eco:Auth:SigningKey (from a secret) or " +
                "Eco:Auth:SigningKeyFile, or Eco:Auth:Authority / Eco:Auth:JwksUrl for an identity provider");
        }
        if (!string.IsNullOrWhiteSpace(auth.JwksUrl) && string.IsNullOrWhiteSpace(auth.Authority) && auth.ConfiguredIssuer is null)
        {
            throw new InvalidSettingException("Eco:Auth:JwksUrl needs Eco:Auth:Issuer: the iss that tokens from that identity provider carry");
        }
        // The key is read (or made, on a first start) now: a node that cannot check tokens does not start.
        var sharedKey = auth.UsesIdentityProvider ? null : SharedSecret.Resolve(auth, configuration, create: true);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt => Configure(jwt, auth, sharedKey));
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, byte[]? sharedKey)
    {
        jwt.MapInboundClaims = false; // claims keep their JWT names: sub, jti, role, scope
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true, // alg: none never passes
            ValidateIssuerSigningKey = true,
            ValidAudience = auth.Audience,
            ClockSkew = auth.ClockSkew,
            NameClaimType = EcoClaims.Subject,
            RoleClaimType = EcoClaims.Role,
        };
        var parameters = jwt.TokenValidationParameters;
        if (auth.UsesIdentityProvider)
        {
            // One kind of key: published asymmetric keys only, so an HS256 token "signed" with a public key cannot pass.
            parameters.ValidAlgorithms = PublishedKeyAlgorithms;
            parameters.ValidIssuer = auth.ConfiguredIssuer; // null with an authority: the discovered issuer
            var discovery = !string.IsNullOrWhiteSpace(auth.Authority);
            var address = discovery ? $"{auth.Authority!.TrimEnd('/')}/.well-known/openid-configuration" : auth.JwksUrl!;
            IConfigurationRetriever<OpenIdConnectConfiguration> retriever = discovery ? new OpenIdConnectConfigurationRetriever() : new JwksRetriever();
            jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(address, retriever, new HttpDocumentRetriever { RequireHttps = !IsLoopback(address) })
            {
                AutomaticRefreshInterval = auth.KeyRefresh,
                RefreshInterval = auth.KeyRefreshMinimum,
                // A key the provider withdrew is refused at once (the default would accept it for another hour from an older key set).
                UseLastKnownGoodConfiguration = false,
            };
        }
        else
        {
            parameters.ValidAlgorithms = SharedSecretAlgorithms;
            parameters.ValidIssuer = auth.SharedSecretIssuer;
            parameters.IssuerSigningKey = new SymmetricSecurityKey(sharedKey);
        }
        // Checked tokens are kept for a minute with a shared key only (see ValidatedTokens).
        jwt.Events = new BearerEvents(auth, auth.UsesIdentityProvider ? null : new ValidatedTokens());
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
}
