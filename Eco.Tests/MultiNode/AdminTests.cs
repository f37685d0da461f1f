using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.MultiNode;

/// <summary>The operator's palette: the admin endpoint, and the real <c>eco</c> CLI run as a process against live nodes.</summary>
[Trait("Category", "MultiNode")]
public sealed class AdminTests
{
    [Fact]
    public async Task ClusterShowShardsJobsAndDown_WorkAgainstALiveCluster()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a");
        var b = await cluster.StartNodeAsync("node-b");
        var c = await cluster.StartNodeAsync("node-c");
        await cluster.WaitForMembersAsync(3);
        var url = a.AdminUri.ToString();
        foreach (var started in await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => a.SubmitChatAsync("캔 버리는 법"))))
        {
            await a.WaitForEndAsync(started, TimeSpan.FromSeconds(30)); // shards are allocated as they are first used
        }

        var (exit, json, _) = await EcoCommand.RunAsync("cluster", "show", "--url", url, "--token", a.AdminToken, "--json");
        Assert.Equal(0, exit);
        var view = JsonDocument.Parse(json).RootElement;
        Assert.Equal("cluster", view.GetProperty("mode").GetString());
        Assert.Equal(["node-a", "node-b", "node-c"], view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node_id").GetString()));
        Assert.All(view.GetProperty("nodes").EnumerateArray(), n =>
        {
            Assert.Equal("up", n.GetProperty("status").GetString());
            Assert.True(n.GetProperty("reachable").GetBoolean());
            Assert.InRange(n.GetProperty("shards").GetArrayLength(), 1, 30);
        });
        Assert.Single(view.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("leader").GetBoolean());
        var inUse = view.GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("shards").GetArrayLength());

        var (tableExit, table, _) = await EcoCommand.RunAsync("cluster", "show", "--url", url, "--token", a.AdminToken);
        Assert.Equal(0, tableExit);
        Assert.Contains("NODE", table);
        Assert.Contains("LEADER", table);
        Assert.Contains("node-b", table);

        var job = await b.SubmitChatAsync("다 쓴 건전지는?");
        await a.WaitForEndAsync(job, TimeSpan.FromSeconds(30));
        var (jobExit, jobJson, _) = await EcoCommand.RunAsync("jobs", "show", job, "--url", url, "--token", a.AdminToken, "--json");
        Assert.Equal(0, jobExit);
        var jobView = JsonDocument.Parse(jobJson).RootElement;
        Assert.Equal("completed", jobView.GetProperty("status").GetString());
        Assert.StartsWith("node-", jobView.GetProperty("owner").GetString());

        var (shardsExit, shards, _) = await EcoCommand.RunAsync("shards", "--url", url, "--token", a.AdminToken, "--json");
        Assert.Equal(0, shardsExit);
        // (at least the shards seen in use a moment ago: a job still ending can start one more)
        Assert.InRange(JsonDocument.Parse(shards).RootElement.GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("shards").GetInt32()), inUse, 30);

        // Down node-c (it is alive: a partition, say). Its leases go, it leaves the cluster and stops; a and b hold its shards.
        var (downExit, downOut, downErr) = await EcoCommand.RunAsync("cluster", "down", "node-c", "--url", url, "--token", a.AdminToken);
        Assert.True(downExit == 0, downErr);
        Assert.Contains("downed", downOut);
        await cluster.WaitForMembersAsync(2);
        await ClusterHarness.WaitUntilAsync(async () => (await ClusterHarness.ShardsPerNodeAsync(a)).Values.Sum() >= inUse, TimeSpan.FromSeconds(20),
            "c's shards on a and b");

        var (badExit, _, badErr) = await EcoCommand.RunAsync("jobs", "show", "no-such-job", "--url", url, "--token", a.AdminToken);
        Assert.Equal(2, badExit);
        Assert.Contains("no job with id", badErr);
    }
}
