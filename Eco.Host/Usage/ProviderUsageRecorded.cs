using System.Text.Json.Serialization;

namespace Eco.Host.Usage;

/// <summary>The payload of one flush: what a node counted since its last flush, per minute, provider and model.</summary>
/// <param name="Node">The node that counted (<c>Eco:Cluster:NodeId</c>).</param>
/// <param name="BinsPerDoubling">The latency histogram's resolution; a reader ignores latency bins of another resolution.</param>
/// <param name="Buckets">The minutes counted.</param>
internal sealed record ProviderUsageRecorded(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("bins_per_doubling")] int BinsPerDoubling,
    [property: JsonPropertyName("buckets")] IReadOnlyList<UsageBucketRecord> Buckets);
