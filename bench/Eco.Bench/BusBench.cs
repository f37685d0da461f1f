using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Host;
using Eco.Host.Load;
using Eco.Host.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Eco.Bench;

/// <summary>
/// Cross-node delivery: events are appended on the node that owns their jobs (fenced PostgreSQL journal, then the Redis bus) at a
/// fixed rate, and received by WebSocket clients connected to another node. Latency = from the append call to the client's receipt.
/// </summary>
internal static class BusBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Arg(args, "--postgres", "");
        var redis = Arg(args, "--redis", "127.0.0.1:6390");
        var rate = int.Parse(Arg(args, "--rate", "10000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg(args, "--seconds", "10"), CultureInfo.InvariantCulture);
        var jobs = int.Parse(Arg(args, "--jobs", "100"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Arg(args, "--warmup", "10"), CultureInfo.InvariantCulture);
        var withProbe = args.Contains("--probe");
        var writers = Arg(args, "--writers", "1");
        var trace = Arg(args, "--trace", "");
        if (postgres.Length == 0)
        {
            Console.Error.WriteLine("usage: bus --postgres CONNSTR [--redis host:port] [--rate N] [--seconds N] [--jobs N] [--warmup S] [--probe] [--trace FILE.csv]  (scripts/pg-up.sh starts a PostgreSQL)");
            return 2;
        }
        try
        {
            using var reachable = await ConnectionMultiplexer.ConnectAsync(redis);
        }
        catch (RedisConnectionException)
        {
            Console.Error.WriteLine($"eco bench bus: no Redis answers at {redis} (start one: redis-server --port 6390 --daemonize yes --save \"\" --appendonly no)");
            return 2;
        }
        var cluster = "bench" + Guid.NewGuid().ToString("N")[..8];
        var schema = "bus_" + Guid.NewGuid().ToString("N")[..8];
        var dir = Path.Combine(Path.GetTempPath(), "eco-bench-bus-" + Guid.NewGuid().ToString("N"));
        var owner = await StartAsync("owner", 15091, 15191, seed: null, postgres, redis, cluster, schema, dir, writers);
        var reader = await StartAsync("reader", 15092, 15192, seed: 15191, postgres, redis, cluster, schema, dir, writers);
        try
        {
            // Every event is appended on node 'owner' (straight to its journal, as an entity's write is) and watched on node
            // 'reader': all delivery crosses nodes.
            Console.Error.WriteLine($"eco bench bus: {jobs} jobs owned by node 'owner', watched over WebSocket on node 'reader'; {rate:N0} events/s for {seconds} s (timed) after {warmup} s of warm-up");

            var journal = owner.App.Services.GetRequiredService<IJournal>();
            var load = new Load(journal, reader.Port, rate);

            // Where the time goes (--probe): a plain subscriber of the bus channels times each event's arrival at Redis subscribers.
            // Off by default: it is a third copy of every message, parsed on the same 2 cores as what it measures.
            var onBus = new Recorder(withProbe ? rate * seconds + jobs : 0);
            var recordBus = false;
            using var probe = withProbe ? await ConnectionMultiplexer.ConnectAsync(redis) : null;
            if (probe is not null)
            {
                await probe.GetSubscriber().SubscribeAsync(new RedisChannel($"eco:{cluster}:events:*", RedisChannel.PatternMode.Pattern), (_, message) =>
                {
                    if (!Volatile.Read(ref recordBus))
                    {
                        return;
                    }
                    // Every "sent": stamp in the message, found in the bytes.
                    var rest = ((byte[]?)message).AsSpan();
                    for (var at = rest.IndexOf("\"sent\":"u8); at >= 0; at = rest.IndexOf("\"sent\":"u8))
                    {
                        rest = rest[(at + 7)..];
                        System.Buffers.Text.Utf8Parser.TryParse(rest, out long sent, out var consumed);
                        onBus.Add(sent);
                        rest = rest[consumed..];
                    }
                });
            }

            // A server runs for hours; the first seconds of a process are the JIT's (tiered compilation recompiles the hot paths with
            // profile data, using a fifth of the CPU while it does). The warm-up runs the same load on other jobs and is not timed.
            if (warmup > 0)
            {
                Console.Error.WriteLine($"  warm-up: {warmup} s at the same rate on {jobs} other jobs (not timed)");
                await load.RunAsync(jobs, warmup, record: false);
            }
            Volatile.Write(ref recordBus, true);
            var gc = GcWindow.Start();
            var cpu = CpuSample.Take();
            var result = await load.RunAsync(jobs, seconds, record: true);
            var used = CpuSample.Take().Since(cpu);
            Volatile.Write(ref recordBus, false);

            var client = Percentiles.Of(result.Latencies.Recorded.Select(l => l.Ms));
            if (trace.Length > 0)
            {
                WriteTrace(trace, result.Latencies.Recorded, result.Appends.Recorded, result.Started);
                Console.Error.WriteLine($"  per-100 ms trace of client latencies: {trace}");
            }
            var append = Percentiles.Of(result.Appends.Recorded.Select(a => a.Ms));
            var bus = Percentiles.Of(onBus.Recorded.Select(b => b.Ms));
            Console.Error.WriteLine($"  journal append alone (submit → durable): {append}");
            if (probe is not null)
            {
                Console.Error.WriteLine($"  append → Redis subscriber (before the reader node and WebSocket): {bus}");
            }
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU while timed: machine {used.MachinePercent:F0}% of {Environment.ProcessorCount * 100}% (of which steal {used.StealPercent:F1}%), PostgreSQL {used.PostgresPercent:F0}%, Redis {used.RedisPercent:F0}%"));
            Console.Error.WriteLine($"  GC and CPU of this process (both nodes and the clients) while timed: {gc.Stop()}, server GC {System.Runtime.GCSettings.IsServerGC}");
            Console.WriteLine();
            Console.WriteLine("| journal writers | events delivered | achieved events/s | p50 ms | p90 ms | p99 ms | max ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {writers} | {client.Count:N0} | {client.Count / result.Produced.TotalSeconds:N0} | {client.P50:F2} | {client.P90:F2} | {client.P99:F2} | {client.Max:F2} |"));
            return 0;
        }
        finally
        {
            // The nodes stop first (they would write their heartbeats back), then nothing of the run is left behind.
            await reader.DisposeAsync();
            await owner.DisposeAsync();
            await CleanUpAsync(postgres, schema, redis, cluster, dir);
        }
    }

    /// <summary>Leaves nothing behind: a later run on a database and Redis grown by earlier ones would measure their growth.</summary>
    private static async Task CleanUpAsync(string postgres, string schema, string redis, string cluster, string dir)
    {
        await PostgresJournal.DropSchemaAsync(postgres, schema, CancellationToken.None);
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true"))
        {
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            var keys = server.Keys(pattern: $"eco:{cluster}:*", pageSize: 1000).ToArray();
            foreach (var chunk in keys.Chunk(1000))
            {
                await connection.GetDatabase().KeyDeleteAsync(chunk);
            }
        }
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    /// <summary>The timed load: per job, one appender at a fixed pace (the journal puts each event live once committed) and one WebSocket client on the reader node.</summary>
    private sealed class Load(IJournal journal, int readerPort, int rate)
    {
        public sealed record Result(Recorder Latencies, Recorder Appends, TimeSpan Produced, long Started);

        public async Task<Result> RunAsync(int jobs, int seconds, bool record)
        {
            var ids = Enumerable.Range(0, jobs).Select(_ => JobId.New()).ToArray();
            var heads = new long[jobs];
            for (var i = 0; i < jobs; i++)
            {
                heads[i] = await journal.AppendAsync(ids[i], 0, [new EventData(JobEventTypes.Accepted, DateTimeOffset.UtcNow, null, "{\"kind\":\"bench\",\"message\":\"\"}")],
                    fence: null, default);
            }
            var perJob = rate * seconds / jobs;
            var latencies = new Recorder(record ? jobs * (perJob + 1) : 0);
            var appends = new Recorder(record ? jobs * (perJob + 1) : 0);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
            var clients = ids.Select(id => WatchAsync(readerPort, id, latencies, stop.Token)).ToArray();
            await Task.Delay(1000); // subscriptions in place

            var started = Stopwatch.GetTimestamp();
            var interval = TimeSpan.FromSeconds((double)jobs / rate);
            var producers = ids.Select(async (id, i) =>
            {
                var next = Stopwatch.GetElapsedTime(started) + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds);
                for (var n = 0; n < perJob + 1; n++)
                {
                    var wait = next - Stopwatch.GetElapsedTime(started);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                    next += interval;
                    var sent = Stopwatch.GetTimestamp();
                    var last = n == perJob;
                    var e = new EventData(last ? JobEventTypes.Completed : JobEventTypes.Token, DateTimeOffset.UtcNow, last ? null : "answer",
                        last ? "{\"answer\":\"done\"}" : string.Create(CultureInfo.InvariantCulture, $"{{\"text\":\"x\",\"sent\":{sent}}}"));
                    var seq = await journal.AppendAsync(id, heads[i], [e], fence: null, default);
                    appends.Add(sent);
                    heads[i] = seq; // the journal put the event live itself, from its writer, as it does for job entities
                }
            }).ToArray();
            await Task.WhenAll(producers);
            var produced = Stopwatch.GetElapsedTime(started);
            await Task.WhenAll(clients);
            return new Result(latencies, appends, produced, started);
        }

        private static async Task WatchAsync(int port, JobId id, Recorder latencies, CancellationToken cancellationToken)
        {
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/v1/jobs/{id}/stream?after_seq=1"), cancellationToken);
            var reader = new WebSocketJsonReader(socket);
            while (true)
            {
                using var doc = await reader.ReadAsync(cancellationToken);
                if (doc is null)
                {
                    return;
                }
                if (doc.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("sent", out var sent))
                {
                    latencies.Add(sent.GetInt64());
                }
            }
        }
    }

    /// <summary>Latencies recorded into one array allocated before the timed run: the instrument must not make garbage of its own
    /// (a growing collection of 600,000 entries allocated large arrays while timed, and set off full collections).</summary>
    private sealed class Recorder(int capacity)
    {
        private readonly (long At, double Ms)[] _entries = new (long, double)[capacity];
        private int _count;

        public IEnumerable<(long At, double Ms)> Recorded => _entries.Take(Math.Min(Volatile.Read(ref _count), _entries.Length));

        /// <summary>Records the time since <paramref name="sent"/> (a <see cref="Stopwatch"/> timestamp), now.</summary>
        public void Add(long sent)
        {
            var now = Stopwatch.GetTimestamp();
            var at = Interlocked.Increment(ref _count) - 1;
            if (at < _entries.Length)
            {
                _entries[at] = (now, Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
            }
        }
    }

    /// <summary>Client and append latencies per 100 ms of the timed run (by completion), as CSV: where in time the tail is — stalls
    /// or queueing.</summary>
    private static void WriteTrace(string path, IEnumerable<(long At, double Ms)> clients, IEnumerable<(long At, double Ms)> appends, long started)
    {
        long Window(long at) => (long)(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds / 100);
        var appended = appends.GroupBy(a => Window(a.At)).ToDictionary(w => w.Key, w => Percentiles.Of(w.Select(a => a.Ms)));
        var lines = new List<string> { "second,events,p50_ms,p99_ms,max_ms,append_p99_ms,append_max_ms" };
        foreach (var window in clients.GroupBy(l => Window(l.At)).OrderBy(w => w.Key))
        {
            var p = Percentiles.Of(window.Select(l => l.Ms));
            var a = appended.GetValueOrDefault(window.Key) ?? Percentiles.Of([]);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{window.Key / 10.0:F1},{p.Count},{p.P50:F2},{p.P99:F2},{p.Max:F2},{a.P99:F2},{a.Max:F2}"));
        }
        File.WriteAllLines(path, lines);
    }

    private sealed record Percentiles(int Count, double P50, double P90, double P99, double Max)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            if (sorted.Length == 0)
            {
                return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
            }
            return new Percentiles(sorted.Length, NearestRank.Of(sorted, 0.5), NearestRank.Of(sorted, 0.9), NearestRank.Of(sorted, 0.99), sorted[^1]);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms");
    }

    private sealed record Node(WebApplication App, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<Node> StartAsync(string id, int port, int remoting, int? seed, string postgres, string redis, string cluster, string schema,
        string dir, string writers)
    {
        var app = EcoServer.Build(new EcoServer.Settings(Path.Combine(dir, id), $"http://127.0.0.1:{port}", null, new Dictionary<string, string?>
        {
            ["Eco:Cluster:Port"] = remoting.ToString(CultureInfo.InvariantCulture),
            ["Eco:Cluster:Seeds:0"] = seed is { } s ? $"127.0.0.1:{s}" : "", // none: the owner starts the cluster
            ["Logging:LogLevel:Default"] = "Warning",
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = postgres,
            ["Eco:Journal:Postgres:Schema"] = schema,
            ["Eco:Journal:Postgres:Writers"] = writers,
            ["Eco:Cluster:Enabled"] = "true",
            ["Eco:Cluster:NodeId"] = id,
            ["Eco:Cluster:Name"] = cluster,
            ["Eco:Cluster:Redis"] = redis,
            ["Eco:Admin:Urls"] = "http://127.0.0.1:0",
            // The bench writes its jobs' events straight into the journal (no submitting user), and measures delivery, not tokens.
            ["Eco:Auth:Enabled"] = "false",
        }));
        await app.StartAsync();
        return new Node(app, port);
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
