using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Akka.Cluster;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.MultiNode;

/// <summary>An Akka cluster of real nodes in this process: membership, sharding with hand-off, routing of submissions to the shard's
/// node, cross-node streaming.</summary>
[Trait("Category", "MultiNode")]
public sealed class ClusterTests
{
    [Fact]
    public async Task ThreeNodes_FormOneCluster_ShareTheShards_AndALeavingNodeHandsItsShardsOff()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a");
        var b = await cluster.StartNodeAsync("node-b");
        var c = await cluster.StartNodeAsync("node-c");
        await cluster.WaitForMembersAsync(3);

        // Shards are allocated as they are first used, each to the node with the fewest.
        var jobs = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => a.SubmitChatAsync(i % 2 == 0 ? "캔 버리는 법" : "우유팩 분리배출 방법")));
        foreach (var job in jobs)
        {
            Assert.Equal("completed", (await a.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        }
        // A region that registered after the first jobs gets its share at the next rebalance (every 2 s), not at once.
        var spread = new Dictionary<string, int>();
        await ClusterHarness.WaitUntilAsync(async () =>
        {
            spread = await ClusterHarness.ShardsPerNodeAsync(c);
            return spread.Count == 3 && spread.Values.Min() >= 5;
        }, TimeSpan.FromSeconds(20), "the shards shared out, at least 5 on each node");
        Assert.Equal(["node-a", "node-b", "node-c"], spread.Keys.Order());

        // Graceful stop (SIGTERM in production): b leaves and hands its shards off; a and c hold them all.
        var left = Stopwatch.StartNew();
        var held = spread["node-b"];
        await cluster.StopNodeAsync(b);
        await cluster.WaitForMembersAsync(2);
        await ClusterHarness.WaitUntilAsync(async () =>
        {
            var now = await ClusterHarness.ShardsPerNodeAsync(a);
            return now.Count == 2 && now.Values.Sum() >= spread.Values.Sum();
        }, TimeSpan.FromSeconds(20), "b's shards on a and c");
        Assert.True(left.Elapsed < TimeSpan.FromSeconds(15), $"hand-off of {held} shards took {left.Elapsed}");

        // The shards that moved take new jobs on their new nodes.
        foreach (var job in await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => c.SubmitChatAsync("다 쓴 건전지는?"))))
        {
            Assert.Equal("completed", (await c.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task JobsSubmittedToAnyNode_RunOnTheirShardsNode_AndAnyNodeStreamsThemInOrder()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var nodes = new[] { await cluster.StartNodeAsync("node-a"), await cluster.StartNodeAsync("node-b"), await cluster.StartNodeAsync("node-c") };
        await cluster.WaitForMembersAsync(3);
        var entry = nodes[0];
        var jobs = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => entry.SubmitChatAsync(i % 2 == 0 ? "이 페트병 어떻게 버려?" : "깨진 유리컵은?")));
        var owners = jobs.Select(j => cluster.OwnerOf(j)).ToList();
        Assert.All(owners, Assert.NotNull);
        Assert.True(owners.Distinct().Count() > 1, "all jobs landed on one node; routing was not exercised");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < jobs.Length; i++)
        {
            // Watch from a node that does NOT hold the job: live events come through the Redis bus, history from PostgreSQL.
            var watcher = nodes.First(n => n != owners[i]);
            var (events, status, _) = await watcher.WatchAsync(jobs[i], 0, timeout.Token);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            Assert.Equal((await owners[i]!.GetEventsAsync(jobs[i])).Select(e => e.Raw), events.Select(e => e.Raw));
        }
    }

    [Fact]
    public async Task SubmissionsWhileANodeLeaves_AreAllAcceptedOnceAndComplete()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a", TimeSpan.FromMilliseconds(10));
        var b = await cluster.StartNodeAsync("node-b", TimeSpan.FromMilliseconds(10));
        var c = await cluster.StartNodeAsync("node-c", TimeSpan.FromMilliseconds(10));
        await cluster.WaitForMembersAsync(3);

        // Keep submitting through node-a while node-b hands its shards over and stops.
        var submitting = Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 60; i++)
            {
                ids.Add(await a.SubmitChatAsync(i % 2 == 0 ? "우유팩 분리배출 방법" : "다 쓴 형광등 버리는 법", idempotencyKey: $"leave-{i}"));
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
            Assert.Single(events, e => e.Type == "job.accepted"); // a retried submission never created it twice
        }
    }

    [Fact]
    public async Task ShardOnAFrozenNode_SubmissionGets503WithRetryAfterAndTheJobId_NeverA500()
    {
        // node-b (a real process) is frozen with SIGSTOP: a member that answers nothing yet keeps its port open, so only the Split
        // Brain Resolver can down it, after seconds. Submissions to its shards wait in sharding's buffer meanwhile; after the
        // patience the client hears 503 with the job id to retry with (same Idempotency-Key, same job).
        await using var cluster = new ClusterHarness(shardCount: 10);
        var patience = new Dictionary<string, string?> { ["Eco:Cluster:HandoffPatience"] = "00:00:01" };
        var a = await cluster.StartNodeAsync("node-a", extra: patience);
        var port = NodeProcess.FreePort();
        var environment = (await cluster.SettingsAsync("node-b", NodeProcess.FreePort())).ToDictionary(kv => kv.Key, kv => kv.Value!);
        await using var b = await NodeProcess.StartAsync(Path.Combine(Path.GetTempPath(), "eco-tests", Guid.NewGuid().ToString("N")), port, environment);
        await cluster.WaitForMembersAsync(2);
        // Through b (the default patience): every shard is allocated as it is first used, about half of them to b.
        foreach (var job in await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => b.SubmitChatAsync("캔 버리는 법"))))
        {
            await a.WaitForEndAsync(job, TimeSpan.FromSeconds(30));
        }
        try
        {
            await ClusterHarness.WaitUntilAsync(async () => (await ClusterHarness.ShardsPerNodeAsync(a)).GetValueOrDefault("node-b") >= 3,
                TimeSpan.FromSeconds(30), "node-b holds shards");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; node-b said:\n{b.OutputTail}\ncluster: {cluster.Describe()}", ex);
        }

        b.Freeze();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await a.Http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "캔 버리는 법" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
                var body = await response.Content.ReadAsStringAsync();
                Assert.Contains("retry", body, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("\"job_id\"", body);
            }
        }
        b.Thaw();
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses); // the jobs of node-b's shards
        Assert.Contains(HttpStatusCode.Accepted, statuses);           // node-a's own shards are unaffected
    }
}
