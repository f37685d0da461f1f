using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eco.Host.Load;

namespace Eco.Host.Chaos;

/// <summary>What a chaos run did and what the invariant checker found; a table for people, JSON for scripts.</summary>
internal sealed record ChaosReport(
    ChaosOptions Options, TimeSpan Elapsed, IReadOnlyList<DisruptionRecord> Disruptions, StormRecord? Storm, int ClientReconnects, int SubmitRetries,
    int SubmitsNeverAccepted, IReadOnlyDictionary<string, long> ModelRequestsByOutcome, ChaosVerdict Verdict)
{
    /// <summary>Jobs that no node ran until the idle-job sweep started them: not lost (they resumed from their journals), but
    /// sharding's remember-entities did not restart them, and the node logs that say why are kept.</summary>
    public IReadOnlyList<string> StartedBySweep { get; init; } = [];

    /// <summary>Disruptions the cluster did not recover from within 30 s count as violations too.</summary>
    public long Violations => Verdict.Violations + NotRecovered;

    public int NotRecovered => Disruptions.Count(d => d.Recovered is null);

    /// <summary>After kill -9: until the first event of a taken-over job on its new node, median over the kills.</summary>
    public TimeSpan? TakeoverMedian => Percentile(KillTakeovers(), 0.5);

    /// <summary>The same, the slowest kill.</summary>
    public TimeSpan? TakeoverMax => Percentile(KillTakeovers(), 1.0);

    /// <summary>After kill -9: until the last of the victim's unfinished jobs got its first event on its new node, the slowest kill.</summary>
    public TimeSpan? AllResumedMax => Percentile([.. Kills.Where(d => d.AllResumed is not null).Select(d => d.AllResumed!.Value)], 1.0);

    private IEnumerable<DisruptionRecord> Kills => Disruptions.Where(d => d.Kind == "kill -9");

    private List<TimeSpan> KillTakeovers() => [.. Kills.Where(d => d.FirstResumed is not null).Select(d => d.FirstResumed!.Value)];

    public string ToTable()
    {
        var v = Verdict;
        (string Name, string Value)[] rows =
        [
            ("run", $"{Options.Nodes} nodes, {Options.Vus} VUs, {Elapsed.TotalSeconds:0} s"),
            ("kill -9", $"{Disruptions.Count(d => d.Kind == "kill -9")}"),
            ("takeover after kill -9", $"first job resumed on its new node: median {Seconds(TakeoverMedian)}, max {Seconds(TakeoverMax)} " +
                $"over {KillTakeovers().Count} kills; all the victim's jobs resumed within {Seconds(AllResumedMax)}"),
            .. Kills.Select(d => ($"  {d.Target} at {d.At.TotalSeconds:0} s", $"first job {Seconds(d.FirstResumed)}, all {d.JobsTakenOver} within " +
                $"{Seconds(d.AllResumed)}, out of the cluster in {Seconds(d.Recovered)}")),
            .. Disruptions.Where(d => d.Kind != "kill -9").Select(d => (d.Kind, $"{d.Target} at {d.At.TotalSeconds:0} s, recovered in {Seconds(d.Recovered)}" +
                (d.FirstResumed is { } first ? $"; its jobs resumed from {Seconds(first)} to {Seconds(d.AllResumed)}" : ""))),
            ("fault storm", Storm is null ? "none" : $"{Storm.Requests} requests, {Storm.Faults} faults injected"),
            ("jobs accepted", v.Accepted.ToString(CultureInfo.InvariantCulture)),
            ("jobs completed", v.Completed.ToString(CultureInfo.InvariantCulture)),
            ("jobs failed (clean job.failed)", v.Failed.ToString(CultureInfo.InvariantCulture)),
            .. v.FailureReasons.OrderByDescending(r => r.Value).Take(5).Select(r => ($"  {r.Value} ×", r.Key)),
            ("jobs started by the idle sweep", StartedBySweep.Count == 0 ? "0" : $"{StartedBySweep.Count}: {string.Join(", ", StartedBySweep.Take(3))}"),
            ("client reconnects", ClientReconnects.ToString(CultureInfo.InvariantCulture)),
            ("events in journals / received", $"{v.EventsInJournal} / {v.EventsReceived}"),
            ("model steps checked", v.ModelStepsChecked.ToString(CultureInfo.InvariantCulture)),
            ("VIOLATIONS", Violations.ToString(CultureInfo.InvariantCulture)),
            ("  unfinished jobs", v.Unfinished.ToString(CultureInfo.InvariantCulture)),
            ("  missing events at clients", v.MissingAtClients.ToString(CultureInfo.InvariantCulture)),
            ("  duplicate events at clients", v.DuplicatesAtClients.ToString(CultureInfo.InvariantCulture)),
            ("  out-of-order events at clients", v.OutOfOrderAtClients.ToString(CultureInfo.InvariantCulture)),
            ("  journal seq gaps", v.JournalGaps.ToString(CultureInfo.InvariantCulture)),
            ("  journal terminal faults", v.JournalTerminalFaults.ToString(CultureInfo.InvariantCulture)),
            ("  stages completed twice", v.StagesCompletedTwice.ToString(CultureInfo.InvariantCulture)),
            ("  completed model calls repeated", v.RepeatedModelCalls.ToString(CultureInfo.InvariantCulture)),
            ("  not recovered within 30 s", NotRecovered.ToString(CultureInfo.InvariantCulture)),
        ];
        var width = rows.Max(r => r.Item1.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in rows)
        {
            text.Append(name.PadRight(width)).Append("  ").AppendLine(value);
        }
        foreach (var example in v.Examples)
        {
            text.Append("  ! ").AppendLine(example);
        }
        return text.ToString();
    }

    public string ToJson() => new JsonObject
    {
        ["nodes"] = Options.Nodes,
        ["vus"] = Options.Vus,
        ["elapsed_s"] = Math.Round(Elapsed.TotalSeconds, 1),
        ["disruptions"] = new JsonArray([.. Disruptions.Select(d => (JsonNode)new JsonObject
        {
            ["kind"] = d.Kind, ["target"] = d.Target, ["at_s"] = Math.Round(d.At.TotalSeconds, 1),
            ["recovered_s"] = d.Recovered is { } t ? Math.Round(t.TotalSeconds, 2) : null,
            ["first_job_resumed_s"] = d.FirstResumed is { } f ? Math.Round(f.TotalSeconds, 2) : null,
            ["all_jobs_resumed_s"] = d.AllResumed is { } a ? Math.Round(a.TotalSeconds, 2) : null,
            ["jobs_taken_over"] = d.JobsTakenOver,
        })]),
        ["takeover_median_s"] = TakeoverMedian is { } median ? Math.Round(median.TotalSeconds, 2) : null,
        ["takeover_max_s"] = TakeoverMax is { } max ? Math.Round(max.TotalSeconds, 2) : null,
        ["all_resumed_max_s"] = AllResumedMax is { } all ? Math.Round(all.TotalSeconds, 2) : null,
        ["storm"] = Storm is null ? null : new JsonObject { ["requests"] = Storm.Requests, ["faults"] = Storm.Faults },
        ["model_requests_by_outcome"] = new JsonObject([.. ModelRequestsByOutcome.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        ["jobs_accepted"] = Verdict.Accepted,
        ["jobs_completed"] = Verdict.Completed,
        ["jobs_failed"] = Verdict.Failed,
        ["failure_reasons"] = new JsonObject([.. Verdict.FailureReasons.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        ["submits_never_accepted"] = SubmitsNeverAccepted,
        ["submit_retries"] = SubmitRetries,
        ["started_by_idle_sweep"] = new JsonArray([.. StartedBySweep.Select(j => (JsonNode)JsonValue.Create(j))]),
        ["client_reconnects"] = ClientReconnects,
        ["events_in_journals"] = Verdict.EventsInJournal,
        ["events_received"] = Verdict.EventsReceived,
        ["model_steps_checked"] = Verdict.ModelStepsChecked,
        ["violations"] = Violations,
        ["not_recovered"] = NotRecovered,
        ["unfinished_jobs"] = Verdict.Unfinished,
        ["missing_at_clients"] = Verdict.MissingAtClients,
        ["duplicates_at_clients"] = Verdict.DuplicatesAtClients,
        ["out_of_order_at_clients"] = Verdict.OutOfOrderAtClients,
        ["journal_gaps"] = Verdict.JournalGaps,
        ["journal_terminal_faults"] = Verdict.JournalTerminalFaults,
        ["stages_completed_twice"] = Verdict.StagesCompletedTwice,
        ["repeated_model_calls"] = Verdict.RepeatedModelCalls,
        ["examples"] = new JsonArray([.. Verdict.Examples.Select(e => (JsonNode)JsonValue.Create(e))]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Seconds(TimeSpan? value) => value is { } t ? $"{t.TotalSeconds:0.0} s" : "–";

    private static TimeSpan? Percentile(List<TimeSpan> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        return NearestRank.Of(values, p);
    }
}
