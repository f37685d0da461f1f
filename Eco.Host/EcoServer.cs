using Eco.Host.Api;
using Eco.Host.Auth;
using Eco.Host.Limits;
using Eco.Host.Hosting;

namespace Eco.Host;

/// <summary>Builds an Eco node: configuration layers, services, endpoints.</summary>
internal static class EcoServer
{
    public const string DefaultUrls = NodeListeners.DefaultPublic;

    /// <summary>Settings given on the command line; they override files and environment.</summary>
    /// <param name="DataDir">Directory of the embedded journal.</param>
    /// <param name="Urls">Listen addresses.</param>
    /// <param name="ConfigFile">An extra JSON configuration file.</param>
    /// <param name="Overrides">Further key/value overrides (tests use these).</param>
    public sealed record Settings(string? DataDir, string? Urls, string? ConfigFile, IReadOnlyDictionary<string, string?>? Overrides = null);

    public static WebApplication Build(Settings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        var flags = new Dictionary<string, string?>(settings.Overrides ?? new Dictionary<string, string?>());
        if (settings.Urls is not null)
        {
            flags["Eco:Urls"] = settings.Urls;
        }
        builder.Configuration.AddEcoLayers(settings.ConfigFile, flags.WithDataDir(settings.DataDir));
        var listeners = new NodeListeners(settings.Urls ?? builder.Configuration["Eco:Urls"] ?? DefaultUrls,
            builder.Configuration["Eco:Admin:Urls"] ?? NodeListeners.DefaultAdmin);
        if (!builder.Configuration.GetValue("Eco:Auth:Enabled", true) && !listeners.LoopbackOnly)
        {
            throw new InvalidSettingException("Eco:Auth:Enabled=false is accepted only on a node that listens on loopback alone (Eco:Urls and Eco:Admin:Urls)");
        }
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            listeners.Apply(kestrel);
        });
        // A graceful stop leaves the cluster and hands shards off (Akka's coordinated shutdown) before the process exits.
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        // Never below warning, whatever the configuration says: its request lines carry the query string, where a browser's
        // WebSocket sends its token. (Added after the configuration's rules, so this one wins for the category.)
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // A line written in a request or a span carries its trace and span ids (as a scope), so a log line leads to its trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddEcoAuth(builder.Configuration);
        builder.Services.AddEcoUserLimits();
        builder.Services.AddEcoNode(builder.Configuration);
        builder.Services.AddEcoTelemetry(builder.Configuration);

        var app = builder.Build();
        // An unmatched route or method gets problem details (with trace_id) like every other error, not an empty 404/405.
        app.UseStatusCodePages();
        app.UseManagementPortSplit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseWebSockets();
        app.MapHealthApi();
        app.MapJobsApi();
        app.MapImagesApi();
        app.MapCharactersApi();
        app.MapConversationsApi();
        app.MapAdminApi();
        app.MapWebPage();
        app.MapEcoMetrics();
        return app;
    }
}
