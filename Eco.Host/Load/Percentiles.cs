using System.Text.Json.Serialization;

namespace Eco.Host.Load;

/// <summary>p50/p95/p99 and the mean of a sample (0 when empty).</summary>
internal sealed record Percentiles(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("mean")] double Mean)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(0, 0, 0, 0);
        }
        return new Percentiles(NearestRank.Of(sorted, 0.5), NearestRank.Of(sorted, 0.95), NearestRank.Of(sorted, 0.99), sorted.Average());
    }
}
