using System.Collections.Concurrent;
using System.Collections.Immutable;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>In-process fan-out of freshly journaled events to the watchers of each job.</summary>
/// <remarks>
/// Each watcher has a bounded buffer. Publishing never waits: when a watcher's buffer is full it is marked overflowed and gets
/// nothing more until it resynchronises from the journal. So a slow client costs at most its buffer and never slows a job.
/// </remarks>
public sealed class LiveEventHub : ILiveEventPublisher
{
    private readonly ConcurrentDictionary<JobId, ImmutableArray<LiveSubscription>> _subscribers = new();
    private readonly Lock _gate = new();

    /// <summary>Watchers currently subscribed, over all jobs.</summary>
    public int SubscriberCount => _subscribers.Values.Sum(s => s.Length);

    /// <summary>Starts buffering the job's live events for one watcher; dispose to stop.</summary>
    public LiveSubscription Subscribe(JobId jobId, int capacity)
    {
        var subscription = new LiveSubscription(this, jobId, capacity);
        lock (_gate)
        {
            _subscribers[jobId] = _subscribers.TryGetValue(jobId, out var current) ? current.Add(subscription) : [subscription];
        }
        return subscription;
    }

    /// <summary>True when at least one watcher on this node follows the job.</summary>
    public bool IsWatched(JobId jobId) => _subscribers.ContainsKey(jobId);

    /// <inheritdoc />
    public void Publish(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0 || !_subscribers.TryGetValue(entries[0].JobId, out var subscribers))
        {
            return;
        }
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(entries);
        }
    }

    internal void Unsubscribe(LiveSubscription subscription)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(subscription.JobId, out var current))
            {
                return;
            }
            var remaining = current.Remove(subscription);
            if (remaining.IsEmpty)
            {
                _subscribers.TryRemove(subscription.JobId, out _);
            }
            else
            {
                _subscribers[subscription.JobId] = remaining;
            }
        }
    }
}
