using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Integration.Journal;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task OwnerUnreachable_SubmissionGets503WithRetryAfter_NeverA500_AndCreatesNothing()
    {
        // node-b owns half the shards but advertises an address nobody listens on: forwards to it fail until the patience ends.
        await using var cluster = new ClusterHarness(shardCount: 10);
        var patience = new Dictionary<string, string?> { ["Eco:Cluster:HandoffPatience"] = "00:00:01" };
        var a = await cluster.StartNodeAsync("node-a", extra: patience);
        await cluster.StartNodeAsync("node-b", extra: new Dictionary<string, string?>(patience)
        {
            ["Eco:Cluster:Address"] = $"http://127.0.0.1:{NodeProcess.FreePort()}",
        });
        await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));

        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            using var response = await a.Http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "캔 버리는 법" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("retry", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.All(statuses, status => Assert.Contains(status, new[] { System.Net.HttpStatusCode.Accepted, System.Net.HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(System.Net.HttpStatusCode.ServiceUnavailable, statuses); // the jobs of node-b's shards
        Assert.Contains(System.Net.HttpStatusCode.Accepted, statuses);           // node-a's own shards are unaffected
        var journal = a.Services.GetRequiredService<IJournal>();
        var created = await journal.ListJobsAsync(new JobListQuery(Limit: 100), default);
        Assert.Equal(statuses.Count(s => s == System.Net.HttpStatusCode.Accepted), created.Count); // a refused submission left nothing
    }

    [Fact]
    public async Task ForwardedTooManyTimes_NotOwnerAnswers503AtOnce_SoTheFirstNodeRetriesOnAFreshView()
    {
        // Nodes whose views of the owners are stale for a moment can pass a submission around. The last hop must not camp on
        // it for the whole patience (every hop before it would wait too): it answers 503 at once.
        await using var cluster = new ClusterHarness(shardCount: 10);
        var patience = new Dictionary<string, string?> { ["Eco:Cluster:HandoffPatience"] = "00:01:00" };
        var a = await cluster.StartNodeAsync("node-a", extra: patience);
        var b = await cluster.StartNodeAsync("node-b", extra: patience);
        await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));
        var notOnA = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(id => !ClusterHarness.Coordinator(a).IsLocal(id));

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message = "캔 버리는 법" }) };
        request.Headers.Add("X-Eco-Job-Id", notOnA.Value);
        request.Headers.Add("X-Eco-Hops", "3");
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // a quarter of the patience
        using var response = await a.Http.SendAsync(request, quick.Token);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(await a.Services.GetRequiredService<IJournal>().GetStreamAsync(notOnA, default)); // nothing was created
        Assert.Equal("completed", (await b.WaitForEndAsync(await a.SubmitChatAsync("캔 버리는 법"), TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task StaleOwner_AfterItsShardWasTakenOver_CannotAppend()
    {
        await using var rig = await CoordinatorRig.StartAsync();
        var (leases, journal) = (rig.Leases, rig.Journal);
        var a = rig.Coordinator("node-a");
        await a.TickAsync(default);
        Assert.Equal(4, a.OwnedShards.Count);

        var job = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(j => a.Resolver.ShardOf(j) == 2);
        var staleFence = a.FenceFor(job)!.Value;
        Assert.Equal(1, await journal.AppendAsync(job, 0, Events.Many(1), staleFence, default));

        // An operator downs node-a (it is partitioned, not dead: it still believes it owns the shard); node-b takes over.
        await leases.RemoveNodeAsync("node-a", 4, down: true, default);
        var b = rig.Coordinator("node-b");
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

    [Fact]
    public async Task LeaveDuringATick_TheTickCannotTakeShardsBackOrReRegisterTheLeaverAsUp()
    {
        await using var rig = await CoordinatorRig.StartAsync();
        var gated = new GatedLeaseStore(rig.Leases);
        var a = rig.Coordinator("node-a");
        var b = rig.Coordinator("node-b", store: gated);
        await b.TickAsync(default);
        await a.TickAsync(default);
        await b.TickAsync(default);
        Assert.Equal(2, b.OwnedShards.Count);

        // A tick of node-b begins (it has read its status: "up") and stalls in its heartbeat; an operator's leave arrives meanwhile.
        gated.Close();
        var tick = b.TickAsync(default);
        await gated.Entered;
        var leave = b.LeaveAsync(default);
        await Task.Delay(200);
        gated.Open();
        await Task.WhenAll(tick, leave);

        Assert.Empty(b.OwnedShards);
        await a.TickAsync(default);
        Assert.Equal(4, a.OwnedShards.Count); // the leaver is not counted as an "up" member that should keep half
        Assert.NotEqual("up", a.Nodes.GetValueOrDefault("node-b")?.Status);
    }

    [Fact]
    public async Task HandoffSlowerThanALease_KeepsTheNodesLeasesAlive_SoNoOtherNodeStartsItsJobsMeanwhile()
    {
        await using var rig = await CoordinatorRig.StartAsync(leaseTtl: TimeSpan.FromSeconds(1), tick: TimeSpan.FromMilliseconds(100));
        var (a, b, handoff, handingOff, stopGate) = await rig.StartHangingHandoffAsync(); // the stop takes longer than a lease lives
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(2.5); // 2.5 lease lifetimes
        while (DateTime.UtcNow < until)
        {
            await b.TickAsync(default);
            Assert.Empty(b.OwnedShards); // neither node-a's other shards nor the one still stopping lapsed to node-b
            await Task.Delay(100);
        }
        Assert.DoesNotContain(handingOff, a.OwnedShards); // node-a writes nothing more there...
        Assert.All(b.Owners.Values, lease => Assert.Equal("node-a", lease.NodeId)); // ...yet holds its lease until its entities stopped

        stopGate.SetResult();
        await handoff;
        await b.TickAsync(default);
        Assert.Equal([0, 1], a.OwnedShards);
        Assert.Equal([2, 3], b.OwnedShards);
    }

    [Fact]
    public async Task LeaseTakenDuringASlowHandoff_TheNodeStopsActingOnThatShardAtOnce()
    {
        // A lease long enough that its renewal deadline (¾ of it) cannot be what stops node-a within the wait below.
        await using var rig = await CoordinatorRig.StartAsync(leaseTtl: TimeSpan.FromSeconds(4), tick: TimeSpan.FromMilliseconds(100));
        var (a, b, handoff, handingOff, stopGate) = await rig.StartHangingHandoffAsync();
        var taken = a.OwnedLeases.First(lease => lease.Shard != handingOff);
        var job = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(j => a.Resolver.ShardOf(j) == taken.Shard);
        Assert.True(a.IsLocal(job));

        await rig.Leases.ReleaseAsync(taken, default); // its lease lapses (as across a partition) and node-b takes the shard
        await b.TickAsync(default);
        Assert.Contains(taken.Shard, b.OwnedShards);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
        while (a.IsLocal(job) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // node-a's keep-alive during the handoff finds the lease gone
        }
        Assert.False(a.IsLocal(job)); // no model call leaves for the job here any more, though the tick has not stopped its entities
        Assert.Throws<NotShardOwnerException>(() => a.FenceFor(job));

        stopGate.SetResult();
        await handoff;
    }

    [Fact]
    public async Task NodeCutOffFromRedis_StopsItsShardsWork_BeforeItsLeasesCanLapse()
    {
        var ttl = TimeSpan.FromSeconds(4);
        await using var rig = await CoordinatorRig.StartAsync(leaseTtl: ttl, tick: TimeSpan.FromMilliseconds(200));
        var gated = new GatedLeaseStore(rig.Leases);
        var stops = new ConcurrentQueue<(int Shard, string? HolderInRedis)>();
        var a = rig.Coordinator("node-a", store: gated, onLost: async shard =>
        {
            var owners = await rig.Leases.GetOwnersAsync(4, default); // Redis as the other nodes see it
            stops.Enqueue((shard, owners.GetValueOrDefault(shard)?.NodeId));
        });
        using var run = new CancellationTokenSource();
        var running = a.RunAsync(run.Token);
        await a.FirstTick.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, a.OwnedShards.Count);
        var job = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(j => a.Resolver.ShardOf(j) == 2);
        var fence = a.FenceFor(job)!.Value;

        gated.Close(); // node-a can no longer reach Redis: its tick hangs in a call, and no lease is renewed
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var cut = Stopwatch.StartNew();
        while (stops.Count < 4 && cut.Elapsed < ttl * 3)
        {
            await Task.Delay(20);
        }
        Assert.Equal([0, 1, 2, 3], stops.Select(s => s.Shard).Order()); // without the watchdog nothing stops: the tick hangs
        Assert.All(stops, s => Assert.Equal("node-a", s.HolderInRedis)); // each stop began while node-a's lease still stood
        Assert.Empty(a.OwnedShards);
        Assert.False(a.IsLocal(job));
        Assert.Throws<NotShardOwnerException>(() => a.FenceFor(job));

        // In touch again: the leases it let go lapse, and it takes its shards back under higher fences.
        gated.Open();
        while (a.OwnedShards.Count < 4 && cut.Elapsed < ttl * 5)
        {
            await Task.Delay(50);
        }
        Assert.Equal(4, a.OwnedShards.Count);
        Assert.True(a.FenceFor(job)!.Value.Token > fence.Token);
        await run.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task FrozenPastItsRenewalDeadline_ANodeStopsActingAtOnce_AndActsAgainOnlyAfterARenewal()
    {
        var ttl = TimeSpan.FromSeconds(4);
        await using var rig = await CoordinatorRig.StartAsync(leaseTtl: ttl, tick: TimeSpan.FromSeconds(1));
        var a = rig.Coordinator("node-a"); // ticked by hand, no watchdog: only its own clock can tell it time went by
        await a.TickAsync(default);
        var job = Enumerable.Range(0, 100).Select(_ => JobId.New()).First(j => a.Resolver.ShardOf(j) == 1);
        Assert.True(a.IsLocal(job));
        Assert.NotNull(a.FenceFor(job));

        await Task.Delay(ttl * 0.78); // as if frozen past ¾ of a lease since it last asked to renew
        Assert.False(a.IsLocal(job)); // no model call may leave for the job...
        Assert.Throws<NotShardOwnerException>(() => a.FenceFor(job)); // ...and nothing is appended, before any watchdog ran
        Assert.Equal(4, a.OwnedShards.Count); // its leases still stand; nobody else could have the shards yet

        await a.TickAsync(default); // the renewal goes through: the lease never lapsed, so acting again is safe
        Assert.True(a.IsLocal(job));
        Assert.NotNull(a.FenceFor(job));
    }

    /// <summary>Coordinators of a throwaway 4-shard cluster on the test Redis and a throwaway PostgreSQL journal, driven tick by tick.</summary>
    private sealed class CoordinatorRig(ConnectionMultiplexer redis, string cluster, PostgresJournal journal, TimeSpan leaseTtl, TimeSpan tick)
        : IAsyncDisposable
    {
        public RedisLeaseStore Leases { get; } = new(redis, cluster);
        public PostgresJournal Journal => journal;

        public static async Task<CoordinatorRig> StartAsync(TimeSpan? leaseTtl = null, TimeSpan? tick = null) => new(
            await ConnectionMultiplexer.ConnectAsync(await RedisServer.EndpointAsync()), "c" + Guid.NewGuid().ToString("N")[..10],
            await PostgresJournalTests.OpenAsync("c_" + Guid.NewGuid().ToString("N")[..12]), leaseTtl ?? TimeSpan.FromSeconds(30), tick ?? TimeSpan.FromSeconds(1));

        /// <summary>A node's coordinator; <paramref name="store"/> replaces the shared lease store, <paramref name="onLost"/> the instant stop.</summary>
        public ShardCoordinator Coordinator(string id, ILeaseStore? store = null, Func<int, Task>? onLost = null) => new(
            new ClusterOptions { NodeId = id, Name = cluster, ShardCount = 4, LeaseTtl = leaseTtl, Tick = tick },
            "http://" + id, store ?? Leases, journal, TimeProvider.System, NullLogger.Instance, (_, _) => Task.CompletedTask, onLost ?? (_ => Task.CompletedTask));

        /// <summary>
        /// node-a takes every shard, node-b joins, and node-a's next tick starts handing node-b its share — but the first shard's
        /// entities do not finish stopping until <c>StopGate</c> is completed. Returns that tick and the shard being handed off.
        /// </summary>
        public async Task<(ShardCoordinator A, ShardCoordinator B, Task Handoff, int HandingOff, TaskCompletionSource StopGate)> StartHangingHandoffAsync()
        {
            var stopGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopping = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var a = Coordinator("node-a", onLost: async shard =>
            {
                stopping.TrySetResult(shard);
                await stopGate.Task;
            });
            var b = Coordinator("node-b");
            await a.TickAsync(default);
            await b.TickAsync(default); // node-b is a member now; every shard is held
            Assert.Equal(4, a.OwnedShards.Count);
            var handoff = a.TickAsync(default);
            return (a, b, handoff, await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10)), stopGate);
        }

        public async ValueTask DisposeAsync()
        {
            await journal.DisposeAsync();
            redis.Dispose();
        }
    }

    /// <summary>A lease store whose calls can be held at a gate (Redis unreachable from one node), to stop a tick at a chosen point.</summary>
    private sealed class GatedLeaseStore(ILeaseStore inner) : ILeaseStore
    {
        private TaskCompletionSource _gate = Completed();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;
        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Open() => _gate.TrySetResult();

        public async Task<bool> HeartbeatAsync(NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            return await inner.HeartbeatAsync(node, ttl, cancellationToken);
        }

        public async Task<IReadOnlyList<NodeInfo>> GetLiveNodesAsync(CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            return await inner.GetLiveNodesAsync(cancellationToken);
        }

        public async Task RemoveNodeAsync(string nodeId, int shardCount, bool down, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            await inner.RemoveNodeAsync(nodeId, shardCount, down, cancellationToken);
        }

        public async Task<ShardLease?> TryAcquireAsync(int shard, NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            return await inner.TryAcquireAsync(shard, node, ttl, cancellationToken);
        }

        public async Task<bool> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            return await inner.RenewAsync(lease, ttl, cancellationToken);
        }

        public async Task ReleaseAsync(ShardLease lease, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            await inner.ReleaseAsync(lease, cancellationToken);
        }

        public async Task<IReadOnlyDictionary<int, ShardLease>> GetOwnersAsync(int shardCount, CancellationToken cancellationToken)
        {
            await PassAsync(cancellationToken);
            return await inner.GetOwnersAsync(shardCount, cancellationToken);
        }

        private async Task PassAsync(CancellationToken cancellationToken)
        {
            var gate = _gate.Task;
            if (!gate.IsCompleted)
            {
                _entered.TrySetResult();
                await gate.WaitAsync(cancellationToken);
            }
        }

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
