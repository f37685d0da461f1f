using System.Text.Json;
using Eco.Actors.Journal;

namespace Eco.Host.Usage;

/// <summary>Merges every node's journaled usage since a time into totals per provider and model.</summary>
/// <remarks>Flushes are appended in time order, so the first flush of the window is found by binary search on their timestamps
/// (log n reads) and only the window is read. A flush holds minutes up to its own time, but nodes' clocks differ a little, so the
/// search starts <see cref="Slack"/> early and each bucket is then kept by its own minute. A flush retried after an outage carries
/// older minutes under a later time, so it is always within the range searched.</remarks>
internal sealed class ProviderUsageReader(IJournal journal)
{
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(10);
    private const int PageSize = 500;

    /// <summary>Totals of the minutes that start at or after <paramref name="since"/>'s minute, per provider and model.</summary>
    public async Task<IReadOnlyDictionary<UsageKey, UsageBucket>> ReadAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<UsageKey, UsageBucket>();
        var head = await journal.GetStreamAsync(ProviderUsageStream.Id, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return totals;
        }
        var firstMinute = new DateTimeOffset(since.UtcTicks - since.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var first = await ProviderUsageStream.FirstSeqAtOrAfterAsync(journal, since - Slack, head.LastSeq, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in journal.ReadAllAsync(ProviderUsageStream.Id, first - 1, PageSize, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Type != ProviderUsageStream.EventType || entry.DataJson is null)
            {
                continue;
            }
            var recorded = JsonSerializer.Deserialize<ProviderUsageRecorded>(entry.DataJson)!;
            foreach (var record in recorded.Buckets.Where(b => b.Minute >= firstMinute))
            {
                var key = new UsageKey(record.Provider, record.Model);
                if (!totals.TryGetValue(key, out var total))
                {
                    total = new UsageBucket();
                    totals[key] = total;
                }
                total.Merge(ProviderUsageStream.FromRecord(record, withLatency: recorded.BinsPerDoubling == LatencyHistogram.BinsPerDoubling));
            }
        }
        return totals;
    }
}
