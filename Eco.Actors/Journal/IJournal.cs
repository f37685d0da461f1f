using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>Durable, per-job ordered event log: the only place an event gets its <c>seq</c>.</summary>
/// <remarks>
/// Adapters must guarantee: an append is atomic (all its events or none); events get seq expectedSeq+1, +2, … with (job, seq) unique;
/// an append whose expectedSeq is not the stream's last seq throws <see cref="SequenceConflictException"/>; an append to a stream that
/// already holds a terminal event throws <see cref="StreamClosedException"/>; a completed append is durable before the task completes.
/// </remarks>
public interface IJournal
{
    /// <summary>Appends events atomically as seq expectedSeq+1, +2, …; returns the last seq written.</summary>
    Task<long> AppendAsync(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, CancellationToken cancellationToken) =>
        AppendAsync(jobId, expectedSeq, events, fence: null, cancellationToken);

    /// <summary>Appends as above, refused with <see cref="FencedOutException"/> when <paramref name="fence"/> is older than the shard's.</summary>
    Task<long> AppendAsync(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, Fence? fence, CancellationToken cancellationToken);

    /// <summary>Raises a shard's fence and returns the new token: <c>max(current + 1, proposed)</c>, so it always grows.</summary>
    /// <remarks>A node calls this right after acquiring a shard's lease and before it touches the shard's jobs, and fences its appends
    /// with the returned token: from then on every older token is refused. Taking the maximum with the proposal keeps tokens strictly
    /// increasing even if the lease store lost its counters (a Redis restart without persistence).</remarks>
    Task<long> RaiseFenceAsync(int shard, long proposed, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxCount"/> entries with seq greater than <paramref name="afterSeq"/>, in seq order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadAsync(JobId jobId, long afterSeq, int maxCount, CancellationToken cancellationToken);

    /// <summary>Returns the stream's head (last seq, terminal flag), or null when the job has no events.</summary>
    Task<JobStreamInfo?> GetStreamAsync(JobId jobId, CancellationToken cancellationToken);

    /// <summary>Lists jobs (and conversations) by id, optionally only unfinished ones; Akka's internal streams are not listed.</summary>
    Task<IReadOnlyList<JobStreamInfo>> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes an internal stream's events up to <paramref name="toSeq"/>, keeping its last event (the stream's head).</summary>
    /// <remarks>Only for the streams of Akka's own persistent actors (remember-entities stores), which delete what a snapshot covers.
    /// A job's or a conversation's events are never deleted: <see cref="NotSupportedException"/>.</remarks>
    Task DeleteThroughAsync(JobId stream, long toSeq, CancellationToken cancellationToken);
}
