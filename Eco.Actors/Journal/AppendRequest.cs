using Eco.Actors.Events;
using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

internal sealed class AppendRequest(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, Fence? fence, ILiveEventPublisher? live = null)
    : WriteRequest
{
    public Fence? Fence { get; } = fence;
    private long _lastSeq;
    private Exception? _refusal;

    public JobId JobId { get; } = jobId;
    public long ExpectedSeq { get; } = expectedSeq;
    public IReadOnlyList<EventData> Events { get; } = events;
    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public override int EventCount => Events.Count;

    public void Written(long lastSeq)
    {
        _lastSeq = lastSeq;
        _refusal = null; // a batch decided again (after a retry or a failed fast path) overrides the earlier decision
    }

    public void Refuse(Exception refusal) => _refusal = refusal;

    public override void Complete()
    {
        if (_refusal is not null)
        {
            Completion.TrySetException(_refusal);
        }
        else
        {
            GoLive();
            Completion.TrySetResult(_lastSeq);
        }
    }

    // Committed events go live from the writer itself, before the appender is released: watchers do not wait for the
    // appender's continuation to be scheduled (under load, the longest wait on the way to a client).
    private void GoLive()
    {
        if (live is null)
        {
            return;
        }
        var entries = new JournalEntry[Events.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = Events[i];
            entries[i] = new JournalEntry(JobId, ExpectedSeq + 1 + i, e.Type, e.Timestamp, e.Stage, e.DataJson);
        }
        try
        {
            live.Publish(entries);
        }
        catch (Exception)
        {
            // Publishers never throw by contract; if one did, the event is still durable and watchers read it from the journal.
            // The writer must go on releasing the batch: nothing here may look like a failed commit.
        }
    }

    public override void Fail(Exception error) => Completion.TrySetException(error);
}
