using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eco.Host.Load;

/// <summary>What a load run measured, with the key figures as ratios to the physical floor (the bare model calls alone).</summary>
internal sealed record LoadReport(
    [property: JsonPropertyName("vus")] int Vus,
    [property: JsonPropertyName("duration_s")] double DurationSeconds,
    [property: JsonPropertyName("elapsed_s")] double ElapsedSeconds,
    [property: JsonPropertyName("jobs_started")] int Started,
    [property: JsonPropertyName("jobs_completed")] int Completed,
    [property: JsonPropertyName("completion_pct")] double CompletionPercent,
    [property: JsonPropertyName("violations")] int Violations,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, int> Errors,
    [property: JsonPropertyName("jobs_per_min")] double JobsPerMinute,
    [property: JsonPropertyName("job_ms")] Percentiles JobMs,
    [property: JsonPropertyName("first_event_ms")] Percentiles FirstEventMs,
    [property: JsonPropertyName("first_token_ms")] Percentiles FirstTokenMs,
    [property: JsonPropertyName("bare_llm_ms")] Percentiles BareMs,
    [property: JsonPropertyName("floor_jobs")] double FloorJobs,
    [property: JsonPropertyName("throughput_vs_floor")] double ThroughputVsFloor,
    [property: JsonPropertyName("p95_vs_bare_p95")] double P95VsBareP95,
    [property: JsonPropertyName("node_cpu_pct_avg")] double CpuAverage,
    [property: JsonPropertyName("node_cpu_pct_max")] double CpuMax,
    [property: JsonPropertyName("node_rss_mib_max")] double RssMax)
{
    [JsonIgnore]
    public IReadOnlyList<JobRecord> Jobs { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<ResourceSample> Samples { get; init; } = [];

    public static LoadReport Build(LoadOptions options, IReadOnlyList<JobRecord> jobs, IReadOnlyList<ResourceSample> samples, TimeSpan elapsed)
    {
        var completed = jobs.Where(j => j.Completed).ToList();
        var bare = completed.Where(j => j.Bare > TimeSpan.Zero).Select(j => j.Bare.TotalMilliseconds).ToList();
        var meanBare = bare.Count > 0 ? bare.Average() : double.NaN;
        // The floor: with zero overhead each user finishes a job every bare-LLM time while it may start new ones.
        var floorJobs = Enumerable.Range(0, options.Vus)
            .Sum(vu => Math.Max(0, (options.Duration - TimeSpan.FromTicks(options.Ramp.Ticks * vu / Math.Max(1, options.Vus))).TotalMilliseconds) / meanBare + 0.5);
        var window = completed.Count == 0 ? elapsed : completed.Max(j => j.Ended) - jobs.Min(j => j.Started);
        var jobMs = Percentiles.Of(completed.Select(j => j.Duration.TotalMilliseconds));
        var bareMs = Percentiles.Of(bare);
        return new LoadReport(
            options.Vus, options.Duration.TotalSeconds, elapsed.TotalSeconds, jobs.Count, completed.Count,
            jobs.Count == 0 ? 0 : 100.0 * completed.Count / jobs.Count,
            jobs.Count(j => j.Violation),
            jobs.Where(j => j.Error is not null).GroupBy(j => j.Error!).ToDictionary(g => g.Key, g => g.Count()),
            completed.Count / window.TotalMinutes,
            jobMs,
            Percentiles.Of(completed.Where(j => j.FirstEvent is not null).Select(j => j.FirstEvent!.Value.TotalMilliseconds)),
            Percentiles.Of(completed.Where(j => j.FirstToken is not null).Select(j => j.FirstToken!.Value.TotalMilliseconds)),
            bareMs,
            floorJobs,
            floorJobs > 0 ? completed.Count / floorJobs : 0,
            bareMs.P95 > 0 ? jobMs.P95 / bareMs.P95 : 0,
            samples.Count == 0 ? 0 : samples.Average(s => s.CpuPercent),
            samples.Count == 0 ? 0 : samples.Max(s => s.CpuPercent),
            samples.Count == 0 ? 0 : samples.Max(s => s.RssMiB))
        {
            Jobs = jobs,
            Samples = samples,
        };
    }

    public string ToTable()
    {
        var text = new StringBuilder();
        string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture, $"| VUs | jobs | completed | violations | jobs/min | p50 ms | p95 ms | p99 ms | bare p95 ms | throughput ÷ floor | p95 ÷ bare p95 | first event p50 ms | first token p50 ms | node CPU avg/max % | node RSS max MiB |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.Append(CultureInfo.InvariantCulture,
            $"| {Vus:N0} | {Started:N0} | {CompletionPercent:F1} % | {Violations} | {JobsPerMinute:N1} | {F(JobMs.P50)} | {F(JobMs.P95)} | {F(JobMs.P99)} | {F(BareMs.P95)} | ");
        text.Append(CultureInfo.InvariantCulture,
            $"**{ThroughputVsFloor:F3}** | **{P95VsBareP95:F3}** | {F(FirstEventMs.P50)} | {F(FirstTokenMs.P50)} | {CpuAverage:F0}/{CpuMax:F0} | {RssMax:F0} |");
        if (Errors.Count > 0)
        {
            text.AppendLine().Append("errors: ").AppendJoin(", ", Errors.Select(e => $"{e.Key} ×{e.Value}"));
        }
        return text.ToString();
    }

    // A run where nothing completed has NaN ratios: written as "NaN" rather than failing the report.
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });
}
