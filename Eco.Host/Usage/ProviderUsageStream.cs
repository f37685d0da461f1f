using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Streams.Usage;

namespace Eco.Host.Usage;

/// <summary>The internal journal stream that every node appends its provider usage to, and how a bucket is written and read there.</summary>
/// <remarks>One stream for the whole cluster: a reader finds every node's counts in one place (internal streams are not listed), and
/// a node that lost a race for the next seq reads the head and appends again.</remarks>
internal static class ProviderUsageStream
{
    public static readonly JobId Id = JobId.Parse($"{InternalStreams.Prefix}provider_usage");

    public const string EventType = "provider.usage_recorded";

    private static readonly Dictionary<string, ModelOutcome> OutcomesByName =
        Enum.GetValues<ModelOutcome>().ToDictionary(Name, o => o, StringComparer.Ordinal);

    /// <summary>The stored name of an outcome: <c>rate_limited</c>, <c>broken_stream</c>, …</summary>
    public static string Name(ModelOutcome outcome) => JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());

    // An outcome a later version added is still a call: an older reader counts it as "other".
    public static ModelOutcome Outcome(string name) => OutcomesByName.GetValueOrDefault(name, ModelOutcome.Other);

    public static UsageBucketRecord ToRecord(DateTimeOffset minute, UsageKey key, UsageBucket bucket) => new(
        minute, key.Provider, key.Model,
        bucket.Outcomes.ToDictionary(o => Name(o.Key), o => o.Value, StringComparer.Ordinal),
        bucket.TokensIn, bucket.TokensOut,
        bucket.FallbacksTo.ToDictionary(StringComparer.Ordinal),
        bucket.Latency.Counts.ToDictionary());

    public static UsageBucket FromRecord(UsageBucketRecord record, bool withLatency)
    {
        var bucket = new UsageBucket();
        foreach (var (name, count) in record.Outcomes)
        {
            bucket.AddOutcome(Outcome(name), count);
        }
        foreach (var (to, count) in record.FallbacksTo)
        {
            bucket.AddFallback(to, count);
        }
        bucket.AddTokens(record.TokensIn, record.TokensOut);
        if (withLatency)
        {
            foreach (var (bin, count) in record.LatencyBins)
            {
                bucket.Latency.Add(bin, count);
            }
        }
        return bucket;
    }

    /// <summary>The first seq whose flush happened at or after <paramref name="when"/> (lastSeq + 1 when none did), by binary search.</summary>
    /// <remarks>Seqs below the first kept one may have been deleted: a read then returns the first kept entry, which keeps the order.</remarks>
    public static async Task<long> FirstSeqAtOrAfterAsync(IJournal journal, DateTimeOffset when, long lastSeq, CancellationToken cancellationToken)
    {
        long low = 1, high = lastSeq + 1;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            var entry = (await journal.ReadAsync(Id, middle - 1, 1, cancellationToken).ConfigureAwait(false))[0];
            if (entry.Timestamp >= when)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }
}
