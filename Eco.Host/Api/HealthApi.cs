using Eco.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary>Liveness and readiness probes. Cheap by design: they never wait behind busy jobs.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" })).WithName("Health");
        app.MapGet("/readyz", Ready).WithName("Ready");
        return app;
    }

    public static Results<Ok<ReadyResponse>, JsonHttpResult<ReadyResponse>> Ready(NodeReadiness readiness) =>
        readiness.IsReady
            ? TypedResults.Ok(new ReadyResponse("ready"))
            : TypedResults.Json(new ReadyResponse($"starting: {readiness.Waiting}"), statusCode: StatusCodes.Status503ServiceUnavailable);

    internal sealed record ReadyResponse(string Status);
}
