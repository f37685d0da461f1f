using System.Net.WebSockets;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Integration.Journal;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Eco.Tests.MultiNode;

[Trait("Category", "MultiNode")]
public sealed class ClusterTests
{
    [Fact]
    public async Task ThreeNodes_SpreadShardsEvenly_AndRebalanceOnJoinAndLeave()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a");
        var b = await cluster.StartNodeAsync("node-b");
        var spread = await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { 15, 15 }, spread);

        var c = await cluster.StartNodeAsync("node-c"); // join: the others give up shards in bounded steps
        spread = await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { 10, 10, 10 }, spread);

        var left = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StopNodeAsync(b); // graceful leave: its shards are released at once, not after the lease TTL
        spread = await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { 15, 15 }, spread);
        Assert.True(left.Elapsed < TimeSpan.FromSeconds(10), $"rebalance after leave took {left.Elapsed}");
    }

    [Fact]
    public async Task JobsSubmittedToAnyNode_RunOnTheirOwner_AndAnyNodeStreamsThemInOrder()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var nodes = new[] { await cluster.StartNodeAsync("node-a"), await cluster.StartNodeAsync("node-b"), await cluster.StartNodeAsync("node-c") };
        await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));
        var entry = nodes[0];
        var jobs = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => entry.SubmitChatAsync(i % 2 == 0 ? "이 페트병 어떻게 버려?" : "깨진 유리컵은?")));
        var owners = jobs.Select(j => nodes.Single(n => ClusterHarness.Coordinator(n).IsLocal(JobId.Parse(j)))).ToList();
        Assert.True(owners.Distinct().Count() > 1, "all jobs landed on one node; routing was not exercised");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < jobs.Length; i++)
        {
            // Watch from a node that does NOT own the job: live events come through the Redis bus, history from PostgreSQL.
            var watcher = nodes.First(n => n != owners[i]);
            var (events, status, _) = await watcher.WatchAsync(jobs[i], 0, timeout.Token);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            Assert.Equal((await owners[i].GetEventsAsync(jobs[i])).Select(e => e.Raw), events.Select(e => e.Raw));
        }
    }

    [Fact]
    public async Task SubmissionsWhileANodeLeaves_AreAllAcceptedOnceAndComplete()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a", TimeSpan.FromMilliseconds(10));
        var b = await cluster.StartNodeAsync("node-b", TimeSpan.FromMilliseconds(10));
        var c = await cluster.StartNodeAsync("node-c", TimeSpan.FromMilliseconds(10));
        await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));

        // Keep submitting through node-a while node-b hands its shards over and stops.
        var submitting = Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 60; i++)
            {
                ids.Add(await a.SubmitChatAsync(i % 2 == 0 ? "우유팩 분리배출 방법" : "다 쓴 형광등 버리는 법"));
                await Task.Delay(15);
            }
            return ids;
        });
        await Task.Delay(150);
        await cluster.StopNodeAsync(b);
        var jobs = await submitting;

        Assert.Equal(60, jobs.Distinct().Count());
        foreach (var job in jobs)
        {
            Assert.Equal("completed", (await a.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
            var events = await c.GetEventsAsync(job);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            Assert.Single(events, e => e.Type == "job.accepted"); // a retried forward never created it twice
        }
    }

    [Fact]
    public async Task StaleOwner_AfterItsShardWasTakenOver_CannotAppend()
    {
        var cluster = "s" + Guid.NewGuid().ToString("N")[..10];
        using var redis = await ConnectionMultiplexer.ConnectAsync(await RedisServer.EndpointAsync());
        var leases = new RedisLeaseStore(redis, cluster);
        await using var journal = await PostgresJournalTests.OpenAsync("f_" + Guid.NewGuid().ToString("N")[..12]);
        ShardCoordinator Coordinator(string id) => new(new ClusterOptions { NodeId = id, Name = cluster, ShardCount = 4, LeaseTtl = TimeSpan.FromSeconds(30) },
            "http://" + id, leases, journal, TimeProvider.System, NullLogger.Instance, (_, _) => Task.CompletedTask, _ => Task.CompletedTask);
        var a = Coordinator("node-a");
        await a.TickAsync(default);
        Assert.Equal(4, a.OwnedShards.Count);

        var job = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(j => a.Resolver.ShardOf(j) == 2);
        var staleFence = a.FenceFor(job)!.Value;
        Assert.Equal(1, await journal.AppendAsync(job, 0, Events.Many(1), staleFence, default));

        // An operator downs node-a (it is partitioned, not dead: it still believes it owns the shard); node-b takes over.
        await leases.RemoveNodeAsync("node-a", 4, down: true, default);
        var b = Coordinator("node-b");
        await b.TickAsync(default);
        Assert.Contains(2, b.OwnedShards);

        var refused = await Assert.ThrowsAsync<FencedOutException>(() => journal.AppendAsync(job, 1, Events.Many(1), staleFence, default));
        Assert.True(refused.CurrentToken > staleFence.Token);
        Assert.Equal(2, await journal.AppendAsync(job, 1, Events.Many(1), b.FenceFor(job), default));

        await a.TickAsync(default); // node-a learns it was downed and stops writing the shard at all
        Assert.True(a.IsDowned);
        Assert.DoesNotContain(2, a.OwnedShards);
        Assert.Throws<NotShardOwnerException>(() => a.FenceFor(job));
    }
}
