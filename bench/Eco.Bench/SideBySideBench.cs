using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Eco.Host.Limits;
using Eco.Host;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Eco.Host.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Bench;

/// <summary>
/// What a feature costs a request: the same operations against two nodes in one process, one with the feature and one without,
/// in alternating rounds so the machine's drift hits both. <c>auth</c>: authentication on vs off (loopback only), each worker a
/// user of its own (its own token), so ownership checks and per-user limits run as in production. <c>telemetry</c>:
/// OpenTelemetry metrics (scraped every 15 s, as Prometheus would) on vs off, both with authentication.
/// </summary>
internal static class SideBySideBench
{
    private static readonly string[] Questions = ["페트병 어떻게 버려?", "깨진 유리컵은?", "다 쓴 건전지는?", "우유팩 분리배출", "스티로폼 박스는?"];

    /// <summary>One side: its label, its settings, and whether its requests carry tokens.</summary>
    private sealed record Side(string Label, IReadOnlyDictionary<string, string?> Settings, bool Tokens);

    public static Task<int> AuthAsync(string[] args) => RunAsync(args, "authentication",
        new Side("authentication on", new Dictionary<string, string?>(), Tokens: true),
        new Side("authentication off", new Dictionary<string, string?> { ["Eco:Auth:Enabled"] = "false" }, Tokens: false),
        scrape: false);

    public static Task<int> TelemetryAsync(string[] args) => RunAsync(args, "telemetry",
        new Side("telemetry on", new Dictionary<string, string?>(), Tokens: true),
        new Side("telemetry off", new Dictionary<string, string?> { ["Eco:Telemetry:Enabled"] = "false" }, Tokens: true),
        scrape: true);

    private static async Task<int> RunAsync(string[] args, string feature, Side with, Side without, bool scrape)
    {
        var seconds = Arg(args, "--seconds", 4);
        var workers = Arg(args, "--workers", 32);
        var rounds = Arg(args, "--rounds", 11);
        Console.Error.WriteLine($"eco bench {feature}: {workers} workers, {rounds} rounds of {seconds} s per node; submit + read, then reads of a finished job");
        var root = Path.Combine(Path.GetTempPath(), $"eco-bench-{feature}-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var secured = await StartAsync(Path.Combine(root, "with"), with.Settings);
            await using var open = await StartAsync(Path.Combine(root, "without"), without.Settings);
            TokenIssuer? TokensOf(Side side, string dir) => side.Tokens
                ? new TokenIssuer(SharedSecret.Parse(File.ReadAllText(Path.Combine(root, dir, SharedSecret.FileName)).Trim(), "key"), TimeProvider.System)
                : null;
            var tokensWith = TokensOf(with, "with");
            var tokensWithout = TokensOf(without, "without");
            // As Prometheus would: the side with telemetry is scraped every 15 s while it is measured.
            using var scraping = new CancellationTokenSource();
            var scraper = scrape ? ScrapeAsync(secured, scraping.Token) : Task.CompletedTask;
            foreach (var kind in new[] { Operation.SubmitAndRead, Operation.ReadOnly })
            {
                // Warm-up: JIT, pools, SQLite pages, and for submissions the shards (each starts on its first job): a run measured
                // before they settle climbs round after round.
                var warmUp = TimeSpan.FromSeconds(kind == Operation.SubmitAndRead ? Math.Max(seconds, 20) : seconds);
                await MeasureAsync(secured, kind, workers, warmUp, tokensWith);
                await MeasureAsync(open, kind, workers, warmUp, tokensWithout);
                var on = new List<Run>();
                var off = new List<Run>();
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate which goes first, so a slow second half of a round does not always fall on the same node.
                    if (round % 2 == 0)
                    {
                        on.Add(await MeasureAsync(secured, kind, workers, TimeSpan.FromSeconds(seconds), tokensWith));
                        off.Add(await MeasureAsync(open, kind, workers, TimeSpan.FromSeconds(seconds), tokensWithout));
                    }
                    else
                    {
                        off.Add(await MeasureAsync(open, kind, workers, TimeSpan.FromSeconds(seconds), tokensWithout));
                        on.Add(await MeasureAsync(secured, kind, workers, TimeSpan.FromSeconds(seconds), tokensWith));
                    }
                    Console.Error.WriteLine($"  {kind} round {round + 1}: {with.Label} {on[^1]}; {without.Label} {off[^1]}");
                }
                Console.WriteLine();
                Console.WriteLine($"{(kind == Operation.SubmitAndRead ? "submit + read" : "read a finished job")}, {workers} workers, medians of {rounds} rounds of {seconds} s:");
                Console.WriteLine("| | operations/s | p50 ms | p99 ms |");
                Console.WriteLine("|---|---:|---:|---:|");
                foreach (var (name, runs) in new[] { (with.Label, on), (without.Label, off) })
                {
                    Console.WriteLine($"| {name} | {Median(runs, r => r.PerSecond):0} | {Median(runs, r => r.P50):0.0} | {Median(runs, r => r.P99):0.0} |");
                }
                var ratio = Median(on, r => r.PerSecond) / Median(off, r => r.PerSecond);
                Console.WriteLine($"throughput with {feature} ÷ without: {ratio:0.000}");
            }
            await scraping.CancelAsync();
            await scraper;
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private sealed record Run(double PerSecond, double P50, double P99)
    {
        public override string ToString() => $"{PerSecond:0}/s p50 {P50:0.0} ms p99 {P99:0.0} ms";
    }

    private enum Operation { SubmitAndRead, ReadOnly }

    private static async Task<Run> MeasureAsync(Node node, Operation operation, int workers, TimeSpan duration, TokenIssuer? tokens)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var lastJobs = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            using var http = new HttpClient { BaseAddress = node.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
            if (tokens is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue($"user-{worker}", admin: false, TimeSpan.FromHours(1)).Token);
            }
            string? last = null;
            if (operation == Operation.ReadOnly)
            {
                last = await SubmitAsync(http, Questions[worker % Questions.Length]);
                await WaitEndedAsync(http, last);
            }
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                if (operation == Operation.SubmitAndRead)
                {
                    last = await SubmitAsync(http, Questions[(worker + n) % Questions.Length]);
                }
                using var read = await http.GetAsync($"v1/jobs/{last}");
                read.EnsureSuccessStatusCode();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            // Let this worker's last job finish, so the next measurement does not pay for this one's work.
            await WaitEndedAsync(http, last!);
        }));
        var sorted = latencies.Order().ToArray();
        return new Run(sorted.Length / duration.TotalSeconds, NearestRank.Of(sorted, 0.50), NearestRank.Of(sorted, 0.99));
    }

    private static async Task<string> SubmitAsync(HttpClient http, string message)
    {
        using var submitted = await http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message });
        submitted.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
    }

    private static async Task WaitEndedAsync(HttpClient http, string jobId)
    {
        while (JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{jobId}")).RootElement.GetProperty("status").GetString() is not ("completed" or "failed"))
        {
            await Task.Delay(20);
        }
    }

    private static async Task<Node> StartAsync(string dir, IReadOnlyDictionary<string, string?> side)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Eco:Admin:Urls"] = "http://127.0.0.1:0",
            ["Eco:Llm:Local:TokenDelay"] = "00:00:00",
        };
        foreach (var (key, value) in UserLimitOptions.Unbounded)
        {
            settings[key] = value; // 32 workers stand for many users: a per-user limit would be what is measured
        }
        foreach (var (key, value) in side)
        {
            settings[key] = value;
        }
        var app = EcoServer.Build(new EcoServer.Settings(dir, "http://127.0.0.1:0", null, settings));
        await app.StartAsync();
        var listeners = app.Services.GetRequiredService<NodeListeners>();
        return new Node(app, listeners.PublicUri, listeners.AdminUri);
    }

    private static async Task ScrapeAsync(Node node, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = node.AdminUri };
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                (await http.GetAsync("metrics", cancellationToken)).Dispose();
            }
        }
        catch (OperationCanceledException)
        {
            // the measurement is over
        }
    }

    private sealed record Node(WebApplication App, Uri BaseUri, Uri AdminUri) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static double Median(List<Run> runs, Func<Run, double> value) => runs.Select(value).Order().ElementAt(runs.Count / 2);

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
