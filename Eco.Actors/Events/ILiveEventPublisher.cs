using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>Hands freshly journaled events to live watchers. Called only after the append is durable.</summary>
/// <remarks>Must never block or throw: a slow watcher is the watcher's problem (it falls back to the journal).</remarks>
public interface ILiveEventPublisher
{
    /// <summary>Publishes events of one job, in seq order.</summary>
    void Publish(IReadOnlyList<JournalEntry> entries);
}
