using System.Diagnostics.Metrics;
using Eco.Actors.Journal;

namespace Eco.Actors.Sharding;

/// <summary>Shard instruments on the <c>Eco.Actors</c> meter.</summary>
internal static class ShardMetrics
{
    private static readonly Counter<long> Handoffs = JournalMetrics.Meter.CreateCounter<long>("eco.shards.handoffs", "{shard}",
        "Shard leases this node acquired, released or lost (cluster mode), by change.");

    /// <summary>Counts a shard lease <paramref name="change"/>: <c>acquired</c> (taken over here), <c>released</c> (handed off) or
    /// <c>lost</c> (taken away).</summary>
    public static void Changed(string change) => Handoffs.Add(1, new KeyValuePair<string, object?>("change", change));
}
