using System.Threading.Channels;
using Eco.Actors.Events;
using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>The front of a group-committing journal: validates writes, queues them (bounded: backpressure) and awaits their outcome.</summary>
/// <remarks>Both adapters use it; each drains <see cref="Reader"/> with its own writer loop. Once queued, a write is committed or
/// refused whatever the caller does next, so "acknowledged" always means durable.</remarks>
internal sealed class JournalWriteQueue
{
    private readonly Channel<WriteRequest> _queue;
    private readonly TimeProvider _time;
    private readonly ILiveEventPublisher? _live;

    /// <param name="capacity">Writes queued at most (then appenders wait: backpressure).</param>
    /// <param name="singleReader">True when one writer loop drains the queue.</param>
    /// <param name="time">The clock.</param>
    /// <param name="live">Where committed appends go live, straight from the writer (null: nowhere).</param>
    public JournalWriteQueue(int capacity, bool singleReader, TimeProvider time, ILiveEventPublisher? live = null)
    {
        _time = time;
        _live = live;
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // a burst of appends waits for the writer: backpressure, not unbounded memory
            SingleReader = singleReader,
        });
    }

    public ChannelReader<WriteRequest> Reader => _queue.Reader;

    public Task<long> AppendAsync(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, Fence? fence, CancellationToken cancellationToken)
    {
        AppendRequest request;
        try
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expectedSeq);
            JournalGuard.ValidateEvents(events);
            request = new AppendRequest(jobId, expectedSeq, events, fence, _live);
        }
        catch (ArgumentException invalid)
        {
            return Task.FromException<long>(invalid); // refused as a faulted task, as an awaited append always was
        }
        // Most appends find room in the queue: their task is the write's own, with no state machine of ours around it.
        return _queue.Writer.TryWrite(request) ? request.Completion.Task : QueueAsync(request, request.Completion.Task, cancellationToken);
    }

    private async Task<T> QueueAsync<T>(WriteRequest request, Task<T> completion, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await completion.ConfigureAwait(false);
    }

    public Task<long> RaiseFenceAsync(int shard, long proposed, CancellationToken cancellationToken)
    {
        var request = new FenceRequest(shard, proposed);
        return QueueAsync(request, request.Completion.Task, cancellationToken);
    }

    public async Task SaveSnapshotAsync(JobId jobId, long seq, string? manifest, string state, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seq);
        var request = new SnapshotRequest(jobId, seq, manifest, state, _time.GetUtcNow());
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await request.Completion.Task.ConfigureAwait(false);
    }

    public void Complete() => _queue.Writer.TryComplete();
}
