using System.Net;
using System.Net.WebSockets;
using Eco.Actors.Events.Redis;
using Eco.Actors.Sharding;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
        await cluster.WaitForMembersAsync(2);

        var jobs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => a.SubmitChatAsync(i % 2 == 0 ? "스티로폼 박스 버리는 방법 알려줘" : "헌 옷은 어디에 버려?")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var watches = jobs.SelectMany(j => new[] { a, b }.Select(node => node.WatchAsync(j, 0, timeout.Token))).ToArray();

        await redis.RestartAsync(TimeSpan.FromMilliseconds(1500)); // all keys gone: leases, fence counters, subscriptions

        var results = await Task.WhenAll(watches);
        foreach (var (events, status, _) in results)
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            var journal = await a.GetEventsAsync(events[0].JobId);
            Events.AssertContiguousWithOneTerminal(journal.Select(e => e.Seq).ToList(), journal.Select(e => e.Type).ToList());
            Assert.Equal(journal.Select(e => e.Raw), events.Select(e => e.Raw)); // every event, once, in order
            Assert.Equal("job.completed", journal[^1].Type);
        }
        // Leases are taken again by themselves (the journal's fences only ever grow): new jobs run on both nodes' shards.
        await cluster.WaitForMembersAsync(2);
        foreach (var job in await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => b.SubmitChatAsync("캔 버리는 법"))))
        {
            Assert.Equal("completed", (await b.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task NodeStartedWhileRedisIsDown_StaysNotReadyWithoutStopping_ThenJoinsWhenRedisReturns()
    {
        await using var redis = await RedisServer.StartOwnAsync();
        await using var cluster = new ClusterHarness(shardCount: 10);
        redis.Stop();
        var node = await cluster.StartNodeAsync("node-a", extra: new Dictionary<string, string?> { ["Eco:Cluster:Redis"] = redis.Endpoint + ",connectTimeout=500" },
            waitReady: false);
        var lifetime = node.Services.GetRequiredService<IHostApplicationLifetime>();

        await Task.Delay(TimeSpan.FromSeconds(2)); // several failed attempts to reach Redis
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the node stopped itself because Redis was down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Http.GetAsync("readyz")).StatusCode);

        await redis.StartAgainAsync();
        await Eventually.UntilAsync(async () => (await node.Http.GetAsync("readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(10), "the node ready again");
        var job = await node.SubmitChatAsync("다 쓴 건전지는 어떻게 버려?");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (events, status, _) = await node.WatchAsync(job, 0, timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("job.completed", events[^1].Type);
    }

    [Fact]
    public async Task SubscriptionsCutAsTheyAreMade_TheNodeSubscribesAgain_AndItsClientsGetEveryEventOnce()
    {
        // The fault of a connection that dies just as a node subscribes (Redis restarting, a flaky network): the first three
        // SUBSCRIBEs node b sends are cut. A node subscribes when its watchers follow jobs, so b starts and becomes ready first.
        await using var redis = await RedisServer.StartOwnAsync();
        await using var cluster = new ClusterHarness(shardCount: 10);
        await using var proxy = new CuttingProxy(new IPEndPoint(IPAddress.Loopback, redis.Port), "\r\nSUBSCRIBE\r\n"u8.ToArray(), cuts: 3);
        var a = await cluster.StartNodeAsync("node-a", TimeSpan.FromMilliseconds(5), new Dictionary<string, string?> { ["Eco:Cluster:Redis"] = redis.Endpoint });
        var b = await cluster.StartNodeAsync("node-b", TimeSpan.FromMilliseconds(5),
            // (configChannel= : the client's own subscription, to its configuration channel, is not one of the SUBSCRIBEs cut)
            new Dictionary<string, string?> { ["Eco:Cluster:Redis"] = proxy.Endpoint + ",connectTimeout=1000,configChannel=" }, waitReady: false);
        await cluster.WaitForMembersAsync(2);
        Assert.Equal(0, proxy.Cuts); // nothing subscribed before anyone watches

        // Watched on node b whichever node owns them: every event once, in order (half of them cross the bus).
        string[] jobs;
        try
        {
            jobs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => a.SubmitChatAsync("유리병 버리는 방법")));
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\ncluster: {cluster.Describe()}");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var (events, status, _) in await Task.WhenAll(jobs.Select(job => b.WatchAsync(job, 0, timeout.Token))))
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            var journal = await a.GetEventsAsync(events[0].JobId);
            Assert.Equal(journal.Select(e => e.Raw), events.Select(e => e.Raw));
        }
        // Every channel those watchers followed ends up subscribed (within the linger after they left): the cut ones were retried.
        var bus = b.Services.GetRequiredService<RedisEventBus>();
        var channels = b.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.EventChannels;
        var followed = jobs.Select(job => ShardResolver.Hash(job) % (ulong)channels).Distinct().Count();
        await Eventually.UntilAsync(() => proxy.Cuts == 3 && bus.SubscribedChannels == followed, TimeSpan.FromSeconds(20), "three cuts, every channel followed again");
    }
}
