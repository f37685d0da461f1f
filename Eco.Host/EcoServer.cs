using Eco.Host.Api;
using Eco.Host.Hosting;

namespace Eco.Host;

/// <summary>Builds an Eco node: configuration layers, services, endpoints.</summary>
internal static class EcoServer
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Settings given on the command line; they override files and environment.</summary>
    /// <param name="DataDir">Directory of the embedded journal.</param>
    /// <param name="Urls">Listen addresses.</param>
    /// <param name="ConfigFile">An extra JSON configuration file.</param>
    /// <param name="Overrides">Further key/value overrides (tests use these).</param>
    public sealed record Settings(string? DataDir, string? Urls, string? ConfigFile, IReadOnlyDictionary<string, string?>? Overrides = null);

    public static WebApplication Build(Settings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        // Layers, later wins: config/eco.json → ECO_CONFIG or --config file → environment (Eco__Section__Key) → command-line flags.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "eco.json"), optional: true);
        var configFile = settings.ConfigFile ?? Environment.GetEnvironmentVariable("ECO_CONFIG");
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        builder.Configuration.AddEnvironmentVariables();
        var flags = new Dictionary<string, string?>(settings.Overrides ?? new Dictionary<string, string?>());
        if (settings.Urls is not null)
        {
            flags["Eco:Urls"] = settings.Urls;
        }
        if (settings.DataDir is not null)
        {
            flags["Eco:Journal:Sqlite:FilePath"] = Path.Combine(settings.DataDir, "eco.db");
        }
        builder.Configuration.AddInMemoryCollection(flags);
        builder.WebHost.UseUrls(settings.Urls ?? builder.Configuration["Eco:Urls"] ?? DefaultUrls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        // A graceful stop leaves the cluster and hands shards off (Akka's coordinated shutdown) before the process exits.
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddEcoNode(builder.Configuration);

        var app = builder.Build();
        // An unmatched route or method gets problem details (with trace_id) like every other error, not an empty 404/405.
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.MapHealthApi();
        app.MapJobsApi();
        app.MapConversationsApi();
        app.MapAdminApi();
        return app;
    }
}
