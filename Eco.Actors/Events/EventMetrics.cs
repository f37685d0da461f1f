using System.Diagnostics.Metrics;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>Live-delivery instruments on the <c>Eco.Actors</c> meter.</summary>
internal static class EventMetrics
{
    public static readonly Counter<long> WatcherOverflows =
        JournalMetrics.Meter.CreateCounter<long>("eco.watch.overflows", "{event}", "Times a slow watcher's buffer filled and it fell back to the journal.");
}
