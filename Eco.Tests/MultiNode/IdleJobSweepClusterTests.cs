using Akka.Actor;
using Akka.Cluster;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.MultiNode;

/// <summary>The leader's idle-job sweep in a real cluster on PostgreSQL: a job nothing restarted is woken through sharding on whichever
/// node holds its shard, the leader or not.</summary>
[Trait("Category", "MultiNode")]
public sealed class IdleJobSweepClusterTests
{
    [Fact]
    public async Task ForgottenJobs_OnTheLeadersShardsAndOnTheOthers_AreWokenWhereTheirShardsLive_AndRunToTheirAnswers()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var sweepEvery = new Dictionary<string, string?> { ["Eco:Jobs:ResumeIdleAfter"] = "00:00:04" };
        var a = await cluster.StartNodeAsync("node-a", extra: sweepEvery);
        var b = await cluster.StartNodeAsync("node-b", extra: sweepEvery);
        await cluster.WaitForMembersAsync(2);
        // Shards go to the node with the fewest as they are first used: a few jobs give each node some.
        foreach (var submitted in await Task.WhenAll(Enumerable.Range(0, 12).Select(i => a.SubmitChatAsync($"캔 버리는 법 {i}"))))
        {
            await a.WaitForEndAsync(submitted, TimeSpan.FromSeconds(60));
        }
        // A region that registered after the first jobs holds nothing until the coordinator rebalances (every 2 s); wait for the
        // balance that rebalancing leaves alone, so neither job's shard moves after it is chosen.
        await ClusterHarness.WaitUntilAsync(() =>
        {
            var counts = new[] { a, b }.Select(n => n.Services.GetRequiredService<ShardFences>().HeldShards.Count).ToArray();
            return Task.FromResult(counts.Min() > 0 && counts.Max() - counts.Min() <= 1);
        }, TimeSpan.FromSeconds(30), "both nodes holding a balanced share of the shards");
        var leaderAddress = Cluster.Get(a.Services.GetRequiredService<ActorSystem>()).State.Leader;
        var leader = Cluster.Get(a.Services.GetRequiredService<ActorSystem>()).SelfAddress.Equals(leaderAddress) ? a : b;
        var other = leader == a ? b : a;

        // What nodes that died after accepting leave behind, with no remember-entities record: one job on each node's shards.
        var resolver = new ShardResolver(cluster.ShardCount);
        var jobs = new[] { leader, other }.Select(node => JobOnShardOf(node, resolver)).ToList();
        var journal = a.Services.GetRequiredService<IJournal>();
        foreach (var job in jobs)
        {
            await JournalTest.AppendAcceptedLongAgoAsync(journal, job, "우유팩 분리배출 방법");
        }

        foreach (var (job, node) in jobs.Zip(new[] { leader, other }))
        {
            var state = await b.WaitForEndAsync(job.Value, TimeSpan.FromSeconds(60));
            Assert.Equal("completed", state.GetProperty("status").GetString());
            Assert.Same(node, cluster.OwnerOf(job.Value)); // woken where its shard lives (the message crossed nodes for the other's)
            var events = await b.GetEventsAsync(job.Value);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        }
    }

    private static JobId JobOnShardOf(TestNode node, ShardResolver resolver)
    {
        var held = node.Services.GetRequiredService<ShardFences>().HeldShards;
        Assert.NotEmpty(held);
        return JobIds.OnShard(resolver, held.Contains);
    }
}
