using Eco.Actors.Jobs;
using Eco.Host.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Eco.Host.Hosting;

/// <summary>OpenTelemetry for the node: ASP.NET Core, HttpClient and Eco's own meters, scraped at <c>/metrics</c> on the management
/// port; with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces also go out over OTLP.</summary>
internal static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>False (<c>Eco:Telemetry:Enabled</c>) leaves OpenTelemetry out: no collection, no <c>/metrics</c>.</summary>
    private static bool Enabled(IConfiguration configuration) => configuration.GetValue("Eco:Telemetry:Enabled", true);

    public static IServiceCollection AddEcoTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<NodeMetrics>();
        if (!Enabled(configuration))
        {
            return services;
        }
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("eco", serviceInstanceId: configuration["Eco:Cluster:NodeId"] ?? Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("Eco.Actors", "Eco.Streams", NodeMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        // Spans are recorded only when something takes them: a tracer with no exporter would sample every request for nothing.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(JobActivities.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }
        return services;
    }

    /// <summary>Maps the Prometheus scrape; <see cref="ManagementPortSplit"/> keeps it off the public port.</summary>
    /// <remarks>No token: scrapers seldom carry one, and the management port is never exposed outside the cluster.</remarks>
    public static WebApplication MapEcoMetrics(this WebApplication app)
    {
        if (!Enabled(app.Configuration))
        {
            return app;
        }
        _ = app.Services.GetRequiredService<NodeMetrics>(); // its gauges exist from the start, not from the first model attempt
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
