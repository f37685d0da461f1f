using Eco.Host.Limits;
using Eco.Host;
using Microsoft.AspNetCore.Builder;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.Support;

/// <summary>A real Eco node on a loopback port with its own SQLite file; real Kestrel, real WebSockets.</summary>
public sealed class TestNode : NodeClient, IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, NodeListeners listeners, byte[] signingKey, string dataDir)
        : base(listeners.PublicUri, listeners.AdminUri, new TokenIssuer(signingKey, TimeProvider.System))
    {
        SigningKey = signingKey;
        _app = app;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    /// <summary>The key the node checks tokens with.</summary>
    public byte[] SigningKey { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<TestNode> StartAsync(string dataDir, TimeSpan? tokenDelay = null, IReadOnlyDictionary<string, string?>? settings = null,
        string urls = "http://127.0.0.1:0", string adminUrls = "http://127.0.0.1:0")
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Eco:Llm:Local:TokenDelay"] = (tokenDelay ?? TimeSpan.FromMilliseconds(1)).ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Eco:Admin:Urls"] = adminUrls,
        };
        // Tests act as one user submitting bursts: per-user limits are tested on their own (UserLimitTests).
        foreach (var (key, value) in UserLimitOptions.Unbounded)
        {
            overrides[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        var app = EcoServer.Build(new EcoServer.Settings(dataDir, urls, ConfigFile: null, overrides));
        await app.StartAsync();
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        // A node without a key of its own (authentication off, or an identity provider's keys) gets tokens it will refuse.
        var signingKey = auth.Enabled && !auth.UsesIdentityProvider ? SharedSecret.Resolve(auth, configuration, create: false) : new byte[SharedSecret.MinBytes];
        return new TestNode(app, app.Services.GetRequiredService<NodeListeners>(), signingKey, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

