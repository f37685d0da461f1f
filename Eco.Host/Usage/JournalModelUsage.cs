using System.Text.Json;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Host.Telemetry;
using Eco.Streams.Usage;
using Microsoft.Extensions.Options;

namespace Eco.Host.Usage;

/// <summary>Counts this node's model attempts and fallbacks per minute, provider and model, and journals them every few seconds
/// and on a graceful stop, so the statistics survive restarts and every node reads the same figures.</summary>
/// <remarks>Only the minutes not yet flushed live in memory. A flush that fails (journal down) puts its minutes back to go with
/// the next one: memory then grows by one bucket per provider and minute of the outage, not per call. Flushes older than
/// <see cref="ModelUsageOptions.Retention"/> are deleted, at most hourly, so the stream stays bounded too.</remarks>
internal sealed class JournalModelUsage(IJournal journal, IOptions<ModelUsageOptions> options, IOptions<ClusterOptions> cluster, TimeProvider time,
    NodeMetrics metrics, ILogger<JournalModelUsage> logger) : BackgroundService, IModelUsage
{
    private const int MaxAppendTries = 10;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<(DateTimeOffset Minute, UsageKey Key), UsageBucket> _pending = [];
    private long _head = -1; // the stream's last seq as this node last saw it; -1: not read yet
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    public void Attempted(ModelAttempt attempt)
    {
        metrics.Attempted(attempt);
        lock (_gate)
        {
            Bucket(new UsageKey(attempt.Provider, attempt.Model)).Add(attempt);
        }
    }

    public void FellBack(ModelFallback fallback)
    {
        lock (_gate)
        {
            Bucket(new UsageKey(fallback.FromProvider, fallback.FromModel)).AddFallback(fallback.ToProvider, 1);
        }
    }

    /// <summary>Journals what was counted since the last flush as one event (nothing when nothing was counted).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Dictionary<(DateTimeOffset Minute, UsageKey Key), UsageBucket> taken;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }
                (taken, _pending) = (_pending, []);
            }
            try
            {
                await AppendAsync(taken, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                HostLog.UsageFlushFailed(logger, taken.Count, ex);
                PutBack(taken);
                return;
            }
            catch (OperationCanceledException)
            {
                PutBack(taken);
                throw;
            }
            await PruneAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync flushes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    private UsageBucket Bucket(UsageKey key)
    {
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (!_pending.TryGetValue((minute, key), out var bucket))
        {
            bucket = new UsageBucket();
            _pending[(minute, key)] = bucket;
        }
        return bucket;
    }

    private void PutBack(Dictionary<(DateTimeOffset Minute, UsageKey Key), UsageBucket> taken)
    {
        lock (_gate)
        {
            foreach (var (slot, bucket) in taken)
            {
                if (_pending.TryGetValue(slot, out var current))
                {
                    current.Merge(bucket);
                }
                else
                {
                    _pending[slot] = bucket;
                }
            }
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _pruned < PruneEvery)
        {
            return;
        }
        _pruned = now;
        try
        {
            // The reader's slack again: a flush just past the retention may still carry minutes a reader of the window wants.
            var first = await ProviderUsageStream.FirstSeqAtOrAfterAsync(journal, now - options.Value.Retention - ProviderUsageReader.Slack, _head, cancellationToken)
                .ConfigureAwait(false);
            if (first > 1)
            {
                await journal.DeleteThroughAsync(ProviderUsageStream.Id, first - 1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HostLog.UsagePruneFailed(logger, ex); // the counts are journaled; the old ones go at the next try
        }
    }

    private async Task AppendAsync(Dictionary<(DateTimeOffset Minute, UsageKey Key), UsageBucket> taken, CancellationToken cancellationToken)
    {
        var recorded = new ProviderUsageRecorded(cluster.Value.NodeId, LatencyHistogram.BinsPerDoubling,
            [.. taken.OrderBy(s => s.Key.Minute).Select(s => ProviderUsageStream.ToRecord(s.Key.Minute, s.Key.Key, s.Value))]);
        var data = new EventData(ProviderUsageStream.EventType, time.GetUtcNow(), null, JsonSerializer.Serialize(recorded));
        for (var tries = 1; ; tries++)
        {
            if (_head < 0)
            {
                _head = (await journal.GetStreamAsync(ProviderUsageStream.Id, cancellationToken).ConfigureAwait(false))?.LastSeq ?? 0;
            }
            try
            {
                _head = await journal.AppendAsync(ProviderUsageStream.Id, _head, [data], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SequenceConflictException) when (tries < MaxAppendTries)
            {
                _head = -1; // another node appended first: read the head again
            }
        }
    }
}
