using System.Globalization;

namespace Eco.Host.Chaos;

/// <summary>
/// Reads every accepted job's journal against what its client received and what the model server was asked:
/// nothing lost (contiguous seq, exactly one terminal event, every event delivered), nothing repeated
/// (no duplicate at a client, no stage completed twice, no model request for a step after it was journaled as done).
/// </summary>
internal static class InvariantChecker
{
    private const int MaxExamples = 20;

    /// <summary>Journal timestamps are kept to the millisecond; a request must arrive later than this after the step's completion to count as a repeat.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(2);

    private static string Clock(DateTimeOffset time) => time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static ChaosVerdict Check(
        IReadOnlyList<ObservedJob> observed,
        IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>> journal,
        Func<string, IReadOnlyList<DateTimeOffset>> modelRequestTimes)
    {
        var examples = new List<string>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var unfinishedIds = new List<string>();
        void Example(string text)
        {
            if (examples.Count < MaxExamples) examples.Add(text);
        }

        int completed = 0, failed = 0, unfinished = 0, gaps = 0, terminalFaults = 0, twice = 0, checkedSteps = 0, repeated = 0;
        long inJournal = 0, received = 0, missing = 0, duplicates = 0, outOfOrder = 0;
        foreach (var job in observed)
        {
            var events = journal.GetValueOrDefault(job.JobId) ?? [];
            inJournal += events.Count;
            received += job.Received.Count;

            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Seq != i + 1)
                {
                    gaps++;
                    Example($"{job.JobId}: journal seq {events[i].Seq} at position {i + 1}");
                    break;
                }
            }

            var terminals = events.Where(e => e.Type is "job.completed" or "job.failed").ToList();
            if (terminals.Count == 0)
            {
                unfinished++;
                unfinishedIds.Add(job.JobId);
                var last = events.Count == 0 ? "none" : string.Join(", ", events.TakeLast(3).Select(e => $"{e.Seq} {e.Type}{(e.Stage is null ? "" : " " + e.Stage)} {Clock(e.Timestamp)}"));
                Example($"{job.JobId}: accepted but no terminal event after {events.Count} events (last: {last})");
            }
            else if (terminals.Count > 1 || events[^1] != terminals[0])
            {
                terminalFaults++;
                Example($"{job.JobId}: {terminals.Count} terminal events, last event {events[^1].Type}");
            }
            else if (terminals[0].Type == "job.completed") completed++;
            else
            {
                failed++;
                var reason = terminals[0].Reason ?? "(no reason)";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }

            var seen = new HashSet<long>();
            long previous = 0;
            foreach (var seq in job.Received)
            {
                if (!seen.Add(seq))
                {
                    duplicates++;
                    Example($"{job.JobId}: client received seq {seq} twice");
                }
                else if (seq < previous)
                {
                    outOfOrder++;
                    Example($"{job.JobId}: client received seq {seq} after {previous}");
                }
                previous = Math.Max(previous, seq);
            }
            foreach (var e in events.Where(e => !seen.Contains(e.Seq)))
            {
                missing++;
                Example($"{job.JobId}: client never received seq {e.Seq} ({e.Type})");
            }

            foreach (var stage in events.Where(e => e.Type == "stage.completed" && e.Stage is not null).GroupBy(e => e.Stage!))
            {
                if (stage.Count() > 1)
                {
                    twice++;
                    Example($"{job.JobId}: stage {stage.Key} completed {stage.Count()} times");
                }
                var done = stage.Min(e => e.Timestamp);
                var requests = modelRequestTimes($"{job.JobId}:{stage.Key}");
                if (requests.Count == 0)
                {
                    continue; // a stage that calls no model
                }
                checkedSteps++;
                var after = requests.Count(t => t > done + ClockSlack);
                if (after > 0)
                {
                    repeated += after;
                    // What it takes to tell a zombie call from a late-recorded one: the stage's journal and every request's arrival.
                    var history = string.Join(", ", events.Where(e => e.Stage == stage.Key || e.Stage is null).Select(e => $"{e.Seq} {e.Type} {Clock(e.Timestamp)}"));
                    var asked = string.Join(", ", requests.Select(Clock));
                    Example($"{job.JobId}: model asked {after} more time(s) for {stage.Key} after it was journaled as done at {Clock(done)}" +
                        $" (journal: {history}; requests at: {asked})");
                }
            }
        }
        return new ChaosVerdict(observed.Count, completed, failed, unfinished, inJournal, received, missing, duplicates, outOfOrder,
            gaps, terminalFaults, twice, checkedSteps, repeated, examples, reasons) { UnfinishedJobIds = unfinishedIds };
    }
}
