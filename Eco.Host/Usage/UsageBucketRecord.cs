using System.Text.Json.Serialization;

namespace Eco.Host.Usage;

/// <summary>One minute of one provider and model on one node, as journaled; counts are keyed by outcome name and latency bin.</summary>
internal sealed record UsageBucketRecord(
    [property: JsonPropertyName("minute")] DateTimeOffset Minute,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("outcomes")] IReadOnlyDictionary<string, long> Outcomes,
    [property: JsonPropertyName("tokens_in")] long TokensIn,
    [property: JsonPropertyName("tokens_out")] long TokensOut,
    [property: JsonPropertyName("fallbacks_to")] IReadOnlyDictionary<string, long> FallbacksTo,
    [property: JsonPropertyName("latency_bins")] IReadOnlyDictionary<int, long> LatencyBins);
