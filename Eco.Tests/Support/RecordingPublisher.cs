using System.Collections.Concurrent;
using Eco.Actors.Events;
using Eco.Actors.Journal;

namespace Eco.Tests.Support;

/// <summary>A live publisher that remembers every event handed to it, in the order it got them.</summary>
public sealed class RecordingPublisher : ILiveEventPublisher
{
    private readonly ConcurrentQueue<JournalEntry> _published = new();

    public IReadOnlyList<JournalEntry> Of(Eco.Actors.Jobs.JobId job) => [.. _published.Where(e => e.JobId == job)];

    public void Publish(IReadOnlyList<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            _published.Enqueue(entry);
        }
    }
}
