using System.Threading.Channels;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>One watcher's bounded buffer of a job's live events.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveEventHub _hub;
    private readonly Channel<JournalEntry> _buffer;
    private volatile bool _overflowed;

    internal LiveSubscription(LiveEventHub hub, JobId jobId, int capacity)
    {
        _hub = hub;
        JobId = jobId;
        _buffer = Channel.CreateBounded<JournalEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; we turn that into the overflow flag
            SingleReader = true,
        });
    }

    /// <summary>The job watched.</summary>
    public JobId JobId { get; }

    /// <summary>Buffered events, in seq order.</summary>
    public ChannelReader<JournalEntry> Reader => _buffer.Reader;

    /// <summary>True when events were dropped because the buffer was full; the watcher must read the journal.</summary>
    public bool Overflowed => _overflowed;

    /// <summary>Times this watcher overflowed (for metrics and tests).</summary>
    public int OverflowCount { get; private set; }

    /// <summary>Clears the overflow flag; call before re-reading the journal so nothing published after it is missed.</summary>
    public void ClearOverflow() => _overflowed = false;

    /// <summary>Stops the subscription.</summary>
    public void Dispose()
    {
        _hub.Unsubscribe(this);
        _buffer.Writer.TryComplete();
    }

    internal void Offer(IReadOnlyList<JournalEntry> entries)
    {
        if (_overflowed)
        {
            return;
        }
        foreach (var entry in entries)
        {
            if (!_buffer.Writer.TryWrite(entry))
            {
                _overflowed = true;
                OverflowCount++;
                EventMetrics.WatcherOverflows.Add(1);
                return;
            }
        }
    }
}
