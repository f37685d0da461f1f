using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Host;
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
        var writers = Arg(args, "--writers", "1");
        if (postgres.Length == 0)
        {
            Console.Error.WriteLine("usage: bus --postgres CONNSTR [--redis host:port] [--rate N] [--seconds N] [--jobs N]  (scripts/pg-up.sh starts a PostgreSQL)");
            return 2;
        }
        var cluster = "bench" + Guid.NewGuid().ToString("N")[..8];
        var schema = "bus_" + Guid.NewGuid().ToString("N")[..8];
        var dir = Path.Combine(Path.GetTempPath(), "eco-bench-bus-" + Guid.NewGuid().ToString("N"));
        await using var owner = await StartAsync("owner", 15091, postgres, redis, cluster, schema, dir, writers);
        await using var reader = await StartAsync("reader", 15092, postgres, redis, cluster, schema, dir, writers);
        var ownerCoordinator = owner.App.Services.GetRequiredService<ShardCoordinator>();
        var readerCoordinator = reader.App.Services.GetRequiredService<ShardCoordinator>();
        // The reader node gives its shards away (leave) so every job is owned by the other node: all delivery crosses nodes.
        await readerCoordinator.LeaveAsync(CancellationToken.None);
        while (ownerCoordinator.OwnedShards.Count < ownerCoordinator.Resolver.ShardCount)
        {
            await Task.Delay(100);
        }
        Console.Error.WriteLine($"eco bench bus: {jobs} jobs owned by node 'owner', watched over WebSocket on node 'reader'; {rate:N0} events/s for {seconds} s");

        var journal = owner.App.Services.GetRequiredService<IJournal>();
        var publisher = owner.App.Services.GetRequiredService<ILiveEventPublisher>();
        var ownership = owner.App.Services.GetRequiredService<IShardOwnership>();
        var ids = Enumerable.Range(0, jobs).Select(_ => JobId.New()).ToArray();
        var heads = new long[jobs];
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            heads[i] = await journal.AppendAsync(id, 0, [new EventData(JobEventTypes.Accepted, DateTimeOffset.UtcNow, null, "{\"kind\":\"bench\",\"message\":\"\"}")],
                ownership.FenceFor(id), default);
        }

        var latencies = new ConcurrentBag<double>();
        var appends = new ConcurrentBag<double>();
        // Where the time goes: a plain subscriber of the bus channels times each event's arrival at Redis subscribers.
        var onBus = new ConcurrentBag<double>();
        using var probe = await ConnectionMultiplexer.ConnectAsync(redis);
        await probe.GetSubscriber().SubscribeAsync(new RedisChannel($"eco:{cluster}:events:*", RedisChannel.PatternMode.Pattern), (_, message) =>
        {
            foreach (var line in ((string)message!).Split('\n'))
            {
                var at = line.IndexOf("\"sent\":", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var end = line.IndexOfAny([',', '}'], at + 7);
                    onBus.Add(Stopwatch.GetElapsedTime(long.Parse(line.AsSpan(at + 7, end - at - 7), CultureInfo.InvariantCulture)).TotalMilliseconds);
                }
            }
        });
        var perJob = rate * seconds / jobs;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
        var clients = ids.Select(id => WatchAsync(reader.Port, id, perJob + 2, latencies, stop.Token)).ToArray();
        await Task.Delay(1000); // subscriptions in place

        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds((double)jobs / rate);
        var producers = ids.Select(async (id, i) =>
        {
            var next = clock.Elapsed + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds);
            for (var n = 0; n < perJob + 1; n++)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                next += interval;
                var sent = Stopwatch.GetTimestamp();
                var last = n == perJob;
                var e = new EventData(last ? JobEventTypes.Completed : JobEventTypes.Token, DateTimeOffset.UtcNow, last ? null : "answer",
                    last ? "{\"answer\":\"done\"}" : string.Create(CultureInfo.InvariantCulture, $"{{\"text\":\"x\",\"sent\":{sent}}}"));
                var seq = await journal.AppendAsync(id, heads[i], [e], ownership.FenceFor(id), default);
                appends.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                heads[i] = seq;
                publisher.Publish([new JournalEntry(id, seq, e.Type, e.Timestamp, e.Stage, e.DataJson)]);
            }
        }).ToArray();
        await Task.WhenAll(producers);
        var produced = clock.Elapsed;
        await Task.WhenAll(clients);
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * q) - 1)];
        var appendSorted = appends.Order().ToArray();
        double A(double q) => appendSorted[Math.Min(appendSorted.Length - 1, (int)Math.Ceiling(appendSorted.Length * q) - 1)];
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  journal append alone (submit → durable): p50 {A(0.5):F2} ms, p90 {A(0.9):F2} ms, p99 {A(0.99):F2} ms"));
        var busSorted = onBus.Order().ToArray();
        double B(double q) => busSorted[Math.Min(busSorted.Length - 1, (int)Math.Ceiling(busSorted.Length * q) - 1)];
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  append → Redis subscriber (before the reader node and WebSocket): p50 {B(0.5):F2} ms, p90 {B(0.9):F2} ms, p99 {B(0.99):F2} ms"));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  this process (both nodes and the clients): GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, total GC pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, server GC {System.Runtime.GCSettings.IsServerGC}"));
        Console.WriteLine();
        Console.WriteLine("| journal writers | events delivered | achieved events/s | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {writers} | {sorted.Length:N0} | {sorted.Length / produced.TotalSeconds:N0} | {P(0.5):F2} | {P(0.9):F2} | {P(0.99):F2} | {sorted[^1]:F2} |"));
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        return 0;
    }

    private static async Task WatchAsync(int port, JobId id, int expected, ConcurrentBag<double> latencies, CancellationToken cancellationToken)
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
                latencies.Add(Stopwatch.GetElapsedTime(sent.GetInt64()).TotalMilliseconds);
            }
        }
    }

    private sealed record Node(WebApplication App, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<Node> StartAsync(string id, int port, string postgres, string redis, string cluster, string schema, string dir, string writers)
    {
        var app = EcoServer.Build(new EcoServer.Settings(Path.Combine(dir, id), $"http://127.0.0.1:{port}", null, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = postgres,
            ["Eco:Journal:Postgres:Schema"] = schema,
            ["Eco:Journal:Postgres:Writers"] = writers,
            ["Eco:Cluster:Enabled"] = "true",
            ["Eco:Cluster:NodeId"] = id,
            ["Eco:Cluster:Name"] = cluster,
            ["Eco:Cluster:Redis"] = redis,
            ["Eco:Cluster:Address"] = $"http://127.0.0.1:{port}",
            ["Eco:Cluster:Tick"] = "00:00:00.200",
            ["Eco:Cluster:MaxMovesPerTick"] = "100",
            ["Eco:Cluster:SweepEvery"] = "00:00:00", // the bench appends for its jobs itself: no entity may wake them
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
