using System.Diagnostics.Metrics;
using Eco.Actors.Journal;

namespace Eco.Actors.Jobs;

/// <summary>Job instruments on the <c>Eco.Actors</c> meter.</summary>
internal static class JobMetrics
{
    public static readonly Counter<long> Ended =
        JournalMetrics.Meter.CreateCounter<long>("eco.jobs.ended", "{job}", "Jobs that reached a terminal event on this node, by status.");
}
