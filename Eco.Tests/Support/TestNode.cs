using Eco.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.Support;

/// <summary>A real Eco node on a loopback port with its own SQLite file; real Kestrel, real WebSockets.</summary>
public sealed class TestNode : NodeClient, IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri baseUri, string dataDir) : base(baseUri)
    {
        _app = app;
        DataDir = dataDir;
    }

    public string DataDir { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<TestNode> StartAsync(string dataDir, TimeSpan? tokenDelay = null, IReadOnlyDictionary<string, string?>? settings = null,
        string urls = "http://127.0.0.1:0")
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Eco:Llm:Local:TokenDelay"] = (tokenDelay ?? TimeSpan.FromMilliseconds(1)).ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        var app = EcoServer.Build(new EcoServer.Settings(dataDir, urls, ConfigFile: null, overrides));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestNode(app, new Uri(address + "/"), dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

