using System.Globalization;

namespace Eco.Host.Load;

/// <summary>Writes a load report's JSON and its plots (latency distribution, throughput over time).</summary>
internal static class LoadArtifacts
{
    public static IReadOnlyList<string> Write(LoadReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = Path.Combine(directory, $"load-{report.Vus}vu-{stamp}.json");
        File.WriteAllText(json, report.ToJson());

        var completed = report.Jobs.Where(j => j.Completed).Select(j => j.Duration.TotalMilliseconds).ToList();
        var latency = Path.Combine(directory, $"load-{report.Vus}vu-latency.png");
        var max = completed.DefaultIfEmpty(1).Max();
        var buckets = new double[40];
        foreach (var ms in completed)
        {
            buckets[Math.Min(buckets.Length - 1, (int)(ms / max * buckets.Length))]++;
        }
        PngChart.Bars(latency, $"JOB TIME {report.Vus} VU", "JOB TIME MS", "JOBS", buckets, 0, max,
            [(report.JobMs.P50, "P50"), (report.JobMs.P95, "P95"), (report.BareMs.P95, "BARE P95")]);

        var throughput = Path.Combine(directory, $"load-{report.Vus}vu-throughput.png");
        var perBucket = report.Jobs.Where(j => j.Completed).GroupBy(j => (int)(j.Ended.TotalSeconds / 5)).OrderBy(g => g.Key)
            .Select(g => ((double)g.Key * 5, g.Count() * 12.0)).ToList(); // jobs per minute, 5 s buckets
        PngChart.Line(throughput, $"THROUGHPUT {report.Vus} VU", "TIME S", "JOBS/MIN", perBucket);
        return [json, latency, throughput];
    }
}
