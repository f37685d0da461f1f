using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>Hands freshly journaled events to live watchers. Called only after the append is durable.</summary>
/// <remarks>
/// The journal calls it for every committed append, from its writer and before the appender is released (the one place an event
/// goes live: no appender can forget it). Must never block or throw: it runs on the writer, and a slow watcher is the watcher's
/// problem (it falls back to the journal).
/// </remarks>
public interface ILiveEventPublisher
{
    /// <summary>Publishes events of one job, in seq order.</summary>
    void Publish(IReadOnlyList<JournalEntry> entries);
}
