using System.Text.Json;
using Eco.Host.Load;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Load;

/// <summary>A short, bounded load run in the suite: real node process, fake LLM, virtual users over WebSocket.</summary>
[Collection(ChildProcessCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LoadRunnerTests
{
    [Fact]
    public async Task ShortRun_EveryJobCompletesWithContiguousEvents_AndTheReportHasRatiosJsonAndPlots()
    {
        using var dir = new TempDirectory();
        var options = new LoadOptions(Vus: 30, Ramp: TimeSpan.FromSeconds(1), Duration: TimeSpan.FromSeconds(6), Drain: TimeSpan.FromSeconds(60),
            ScanShare: 0.5, LatencyMin: TimeSpan.FromMilliseconds(100), LatencyMax: TimeSpan.FromMilliseconds(200), TokensPerSecond: 200,
            RequestsPerMinute: 1_000_000, TokensPerMinute: 100_000_000, OutputDir: dir.Path);
        var report = await new LoadRunner(options, TextWriter.Null).RunAsync(default);

        Assert.True(report.Started >= 30, $"only {report.Started} jobs ran");
        Assert.Equal(100.0, report.CompletionPercent);
        Assert.Equal(0, report.Violations);
        Assert.Empty(report.Errors);
        Assert.All(report.Jobs, j => Assert.True(j.Bare > TimeSpan.Zero, $"no bare-LLM time measured for {j.JobId}"));
        Assert.True(report.ThroughputVsFloor > 0 && double.IsFinite(report.ThroughputVsFloor));
        Assert.True(report.P95VsBareP95 >= 1.0, "a job cannot be faster than its own model calls");
        Assert.True(report.RssMax > 0);
        Assert.Contains(report.Jobs, j => j.Scan);
        Assert.Contains(report.Jobs, j => !j.Scan);

        var files = LoadArtifacts.Write(report, dir.Path);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(files[0])).RootElement;
        Assert.Equal(report.Completed, json.GetProperty("jobs_completed").GetInt32());
        foreach (var png in files.Skip(1))
        {
            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
            Assert.True(bytes.Length > 1000);
        }
    }

    [Fact]
    public async Task ShortRun_OverHttp2ToTheModel_CompletesEveryJob_AndTheFakeServerSawOnlyHttp2()
    {
        using var dir = new TempDirectory();
        var options = new LoadOptions(Vus: 20, Ramp: TimeSpan.FromSeconds(1), Duration: TimeSpan.FromSeconds(4), Drain: TimeSpan.FromSeconds(60),
            ScanShare: 0.5, LatencyMin: TimeSpan.FromMilliseconds(100), LatencyMax: TimeSpan.FromMilliseconds(200), TokensPerSecond: 200,
            RequestsPerMinute: 1_000_000, TokensPerMinute: 100_000_000, OutputDir: dir.Path, Http2: true);
        var report = await new LoadRunner(options, TextWriter.Null).RunAsync(default);

        // What this run is about is the transport, not the rate: on a CI machine busy with other tests a 4 s window started as few
        // as 6 jobs (the rate is asserted by the run above).
        Assert.True(report.Started > 0, "no job ran");
        Assert.Equal(100.0, report.CompletionPercent);
        Assert.Equal(0, report.Violations);
        Assert.All(report.Jobs, j => Assert.True(j.Bare > TimeSpan.Zero, $"no model call of {j.JobId} reached the HTTP/2-only fake server"));
    }
}
