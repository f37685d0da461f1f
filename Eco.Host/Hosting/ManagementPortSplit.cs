using Eco.Host.Api;

namespace Eco.Host.Hosting;

/// <summary>Keeps the two ports apart: <c>/admin/*</c>, the Prometheus scrape (<c>/metrics</c>) and the operations view's script
/// exist only on the management port, the public API and the chat page's script only on the public one; health probes, <c>/</c>
/// (each port its own page) and the style sheet answer on both. On the wrong port a route is simply not there (404).</summary>
internal static class ManagementPortSplit
{
    public static IApplicationBuilder UseManagementPortSplit(this IApplicationBuilder app)
    {
        var listeners = app.ApplicationServices.GetRequiredService<NodeListeners>();
        return app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || WebPageApi.IsSharedRoute(path))
            {
                return next(context);
            }
            var management = path.StartsWithSegments("/admin") || path.StartsWithSegments(TelemetryRegistration.MetricsPath)
                || path == WebPageApi.OperationsScript;
            if (management != listeners.IsManagement(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound; // the status code page writes the problem body
                return Task.CompletedTask;
            }
            return next(context);
        });
    }
}
