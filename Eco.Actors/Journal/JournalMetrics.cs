using System.Diagnostics.Metrics;

namespace Eco.Actors.Journal;

/// <summary>Journal instruments on the <c>Eco.Actors</c> meter.</summary>
internal static class JournalMetrics
{
    public static readonly Meter Meter = new("Eco.Actors");
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("eco.journal.events_appended", "{event}");
    public static readonly Histogram<int> BatchEvents = Meter.CreateHistogram<int>("eco.journal.batch_events", "{event}", "Events per committed transaction.");
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("eco.journal.commit_duration", "ms");
}
