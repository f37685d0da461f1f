using System.Net.WebSockets;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;

namespace Eco.Tests.MultiNode;

[Trait("Category", "MultiNode")]
public sealed class RedisRestartTests
{
    [Fact]
    public async Task RedisRestartsMidRun_NoEventIsLostForAnyWatcher_AndTheClusterHeals()
    {
        await using var redis = await RedisServer.StartOwnAsync();
        await using var cluster = new ClusterHarness(shardCount: 20);
        var own = new Dictionary<string, string?> { ["Eco:Cluster:Redis"] = redis.Endpoint + ",connectTimeout=1000" };
        var a = await cluster.StartNodeAsync("node-a", TimeSpan.FromMilliseconds(15), own);
        var b = await cluster.StartNodeAsync("node-b", TimeSpan.FromMilliseconds(15), own);
        await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(20));

        var jobs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => a.SubmitChatAsync(i % 2 == 0 ? "스티로폼 박스 버리는 방법 알려줘" : "헌 옷은 어디에 버려?")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var watches = jobs.SelectMany(j => new[] { a, b }.Select(node => node.WatchAsync(j, 0, timeout.Token))).ToArray();

        await redis.RestartAsync(TimeSpan.FromMilliseconds(1500)); // all keys gone: leases, membership, fence counters, subscriptions

        var results = await Task.WhenAll(watches);
        foreach (var (events, status, _) in results)
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            var journal = await a.GetEventsAsync(events[0].JobId);
            Events.AssertContiguousWithOneTerminal(journal.Select(e => e.Seq).ToList(), journal.Select(e => e.Type).ToList());
            Assert.Equal(journal.Select(e => e.Raw), events.Select(e => e.Raw)); // every event, once, in order
            Assert.Equal("job.completed", journal[^1].Type);
        }
        var spread = await cluster.WaitForEvenSpreadAsync(TimeSpan.FromSeconds(30)); // membership and leases rebuilt by themselves
        Assert.Equal(new[] { 10, 10 }, spread);
    }
}
