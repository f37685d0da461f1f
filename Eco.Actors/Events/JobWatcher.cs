using System.Runtime.CompilerServices;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>Gives a watcher every event of a job after a seq, in order, with no gap and no duplicate: journaled ones, then live ones.</summary>
/// <remarks>
/// The subscription is taken (and, in a cluster, the job followed on the bus) before the journal is read, so nothing published
/// during catch-up is missed; live events at or below the last seq sent are dropped, and any hole (after an overflow) is filled
/// from the journal. Invariant 1: an event is durable before it is published, so the journal always holds whatever the live
/// buffer lost.
/// </remarks>
public sealed class JobWatcher(IJournal journal, LiveEventHub hub, int bufferCapacity = 1024, int pageSize = 500, TimeSpan? idleRecheck = null,
    IRemoteEventSource? remote = null)
{
    // Silence longer than this sends the watcher back to the journal: the safety net for events the live path lost. Events that
    // cross the network (a Redis outage) can be lost, so those watches look often; events published in this process are lost
    // only by an overflow, which is caught anyway, so they look rarely (every watcher of a 1,000-job burst read the journal in
    // step every 2 s while its model was still thinking).
    private readonly TimeSpan _idleRecheck = idleRecheck ?? (remote is null ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(2));

    /// <summary>Streams events with seq greater than <paramref name="afterSeq"/> until the terminal event (inclusive) or cancellation.</summary>
    public async IAsyncEnumerable<JournalEntry> WatchAsync(JobId jobId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var live = hub.Subscribe(jobId, bufferCapacity);
        await using var following = remote is null ? null : await remote.FollowAsync(jobId, cancellationToken).ConfigureAwait(false);
        CancellationTokenSource? idle = null;
        try
        {
            var last = afterSeq;
            while (true)
            {
                live.ClearOverflow();
                await foreach (var entry in journal.ReadAllAsync(jobId, last, pageSize, cancellationToken).ConfigureAwait(false))
                {
                    last = entry.Seq;
                    yield return entry;
                    if (entry.IsTerminal)
                    {
                        yield break;
                    }
                }
                while (true)
                {
                    if (!live.Reader.TryRead(out var entry))
                    {
                        if (live.Overflowed)
                        {
                            break; // buffer drained after an overflow: what was dropped is in the journal
                        }
                        // One idle timer per watch, re-armed per wait (not a new timer per event), replaced only after it fires.
                        idle ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        idle.CancelAfter(_idleRecheck);
                        try
                        {
                            await live.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            idle.Dispose();
                            idle = null;
                            break; // nothing live for a while: look in the journal
                        }
                        continue;
                    }
                    if (entry.Seq <= last)
                    {
                        continue; // already sent during catch-up
                    }
                    if (entry.Seq != last + 1)
                    {
                        break; // a hole: read it from the journal
                    }
                    last = entry.Seq;
                    yield return entry;
                    if (entry.IsTerminal)
                    {
                        yield break;
                    }
                }
            }
        }
        finally
        {
            idle?.Dispose();
        }
    }
}
