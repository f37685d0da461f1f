using System.Text.Json.Serialization;
using Eco.Host.Usage;
using Eco.Streams.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary><c>GET /admin/providers/stats</c> (what <c>eco providers stats</c> calls): calls, failures by kind, tokens, latency and
/// fallbacks per provider and model, merged from every node's journaled counts.</summary>
internal static class ProviderStatsApi
{
    private static readonly TimeSpan DefaultSince = TimeSpan.FromHours(1);

    public static RouteGroupBuilder MapProviderStatsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/providers/stats", GetProviderStatsAsync).WithName("GetProviderStats");
        return admin;
    }

    internal sealed record ProviderStatsView(
        [property: JsonPropertyName("since")] DateTimeOffset Since,
        [property: JsonPropertyName("until")] DateTimeOffset Until,
        [property: JsonPropertyName("latency_resolution")] string LatencyResolution,
        [property: JsonPropertyName("providers")] IReadOnlyList<ProviderModelStats> Providers);

    /// <summary>One provider and model; <c>calls</c> counts every attempt (a retry is another call), failures are by kind.</summary>
    internal sealed record ProviderModelStats(
        [property: JsonPropertyName("provider")] string Provider,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("calls")] long Calls,
        [property: JsonPropertyName("ok")] long Ok,
        [property: JsonPropertyName("failures")] IReadOnlyDictionary<string, long> Failures,
        [property: JsonPropertyName("tokens_in")] long TokensIn,
        [property: JsonPropertyName("tokens_out")] long TokensOut,
        [property: JsonPropertyName("latency_p50_ms")] double? LatencyP50Ms,
        [property: JsonPropertyName("latency_p95_ms")] double? LatencyP95Ms,
        [property: JsonPropertyName("fallbacks")] long Fallbacks,
        [property: JsonPropertyName("fallbacks_to")] IReadOnlyDictionary<string, long> FallbacksTo);

    /// <summary>Usage since <c>?since=</c> ago (30m, 1h, 2d; default 1h), to the minute.</summary>
    public static async Task<Results<Ok<ProviderStatsView>, ProblemHttpResult>> GetProviderStatsAsync(
        ProviderUsageReader reader, TimeProvider time, CancellationToken cancellationToken, string? since = null)
    {
        if (!QueryArguments.TryParseSince(since, DefaultSince, out var window, out var error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow();
        var totals = await reader.ReadAsync(now - window, cancellationToken);
        var rows = totals.OrderBy(t => t.Key.Provider, StringComparer.Ordinal).ThenBy(t => t.Key.Model, StringComparer.Ordinal)
            .Select(t => View(t.Key, t.Value)).ToList();
        return TypedResults.Ok(new ProviderStatsView(now - window, now,
            $"latency of answered calls; percentiles to ~{(Math.Pow(2, 0.5 / LatencyHistogram.BinsPerDoubling) - 1) * 100:0.#}% (log bins, {LatencyHistogram.BinsPerDoubling} per doubling)",
            rows));
    }

    private static ProviderModelStats View(UsageKey key, UsageBucket usage) => new(
        key.Provider, key.Model, usage.Calls, usage.Count(ModelOutcome.Ok),
        Enum.GetValues<ModelOutcome>().Where(o => o != ModelOutcome.Ok).ToDictionary(ProviderUsageStream.Name, usage.Count, StringComparer.Ordinal),
        usage.TokensIn, usage.TokensOut,
        Round(usage.Latency.Percentile(0.50)), Round(usage.Latency.Percentile(0.95)),
        usage.Fallbacks, usage.FallbacksTo.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal));

    private static double? Round(double? ms) => ms is { } value ? Math.Round(value, 1) : null;
}
