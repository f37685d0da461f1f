using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Tests.Integration.Fixtures;
using StackExchange.Redis;

namespace Eco.Tests.Integration.Sharding;

[Trait("Category", "Integration")]
public sealed class RedisLeaseStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private ConnectionMultiplexer _redis = null!;
    private RedisLeaseStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(await RedisServer.EndpointAsync());
        _store = new RedisLeaseStore(_redis, "t" + Guid.NewGuid().ToString("N")[..8]);
    }

    public Task DisposeAsync()
    {
        _redis.Dispose();
        return Task.CompletedTask;
    }

    private static NodeInfo Node(string id, string incarnation = "i1") => new(id, "http://" + id, DateTimeOffset.UtcNow, "up", incarnation);

    [Fact]
    public async Task Down_ThatIncarnationIsRefusedUntilTheNodeRestarts()
    {
        var a = Node("node-a", "run-1");
        Assert.True(await _store.HeartbeatAsync(a, Ttl, default));
        Assert.NotNull(await _store.TryAcquireAsync(1, a, Ttl, default));
        await _store.RemoveNodeAsync("node-a", 10, down: true, default);
        Assert.False(await _store.HeartbeatAsync(a, Ttl, default)); // the downed run stays out
        Assert.Null(await _store.TryAcquireAsync(1, a, Ttl, default));
        Assert.Empty(await _store.GetLiveNodesAsync(default));
        var restarted = Node("node-a", "run-2");
        Assert.True(await _store.HeartbeatAsync(restarted, Ttl, default)); // a restart is a new incarnation
        Assert.NotNull(await _store.TryAcquireAsync(1, restarted, Ttl, default));
    }

    [Fact]
    public async Task TryAcquire_FreeShard_OneHolderAtATimeAndTokensGrowPerNewHolder()
    {
        var a = await _store.TryAcquireAsync(7, Node("node-a"), TimeSpan.FromMilliseconds(300), default);
        Assert.NotNull(a);
        Assert.Null(await _store.TryAcquireAsync(7, Node("node-b"), Ttl, default)); // held
        Assert.Equal(a, await _store.TryAcquireAsync(7, Node("node-a"), TimeSpan.FromMilliseconds(300), default)); // same holder keeps its token

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        ShardLease? b;
        while ((b = await _store.TryAcquireAsync(7, Node("node-b"), Ttl, default)) is null)
        {
            await Task.Delay(50, deadline.Token); // a's lease expires: it was not renewed
        }
        Assert.True(b.Token > a.Token);
        Assert.False(await _store.RenewAsync(a, Ttl, default)); // the old holder has lost it
        Assert.True(await _store.RenewAsync(b, Ttl, default));
    }

    [Fact]
    public async Task Release_ThenAnotherNodeTakesTheShardWithALargerToken()
    {
        var a = (await _store.TryAcquireAsync(3, Node("node-a"), Ttl, default))!;
        await _store.ReleaseAsync(a with { Token = a.Token + 99 }, default); // a wrong token releases nothing
        Assert.Null(await _store.TryAcquireAsync(3, Node("node-b"), Ttl, default));
        await _store.ReleaseAsync(a, default);
        var b = await _store.TryAcquireAsync(3, Node("node-b"), Ttl, default);
        Assert.True(b!.Token > a.Token);
        Assert.Equal("node-b", (await _store.GetOwnersAsync(10, default))[3].NodeId);
    }

    [Fact]
    public async Task RemoveNode_DropsItsMembershipAndFreesAllItsShards()
    {
        await _store.HeartbeatAsync(new NodeInfo("node-a", "http://a", DateTimeOffset.UtcNow, "up"), Ttl, default);
        await _store.HeartbeatAsync(new NodeInfo("node-b", "http://b", DateTimeOffset.UtcNow, "up"), Ttl, default);
        foreach (var shard in new[] { 0, 1, 2 })
        {
            await _store.TryAcquireAsync(shard, Node("node-a"), Ttl, default);
        }
        await _store.TryAcquireAsync(3, Node("node-b"), Ttl, default);
        Assert.Equal(["node-a", "node-b"], (await _store.GetLiveNodesAsync(default)).Select(n => n.NodeId));

        await _store.RemoveNodeAsync("node-a", 10, down: false, default);
        Assert.Equal(["node-b"], (await _store.GetLiveNodesAsync(default)).Select(n => n.NodeId));
        var owners = await _store.GetOwnersAsync(10, default);
        Assert.Equal([3], owners.Keys);
    }

    [Fact]
    public async Task Heartbeat_NotRenewed_NodeIsNoLongerLive()
    {
        await _store.HeartbeatAsync(new NodeInfo("node-x", "http://x", DateTimeOffset.UtcNow, "up"), TimeSpan.FromSeconds(1), default);
        Assert.Single(await _store.GetLiveNodesAsync(default));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while ((await _store.GetLiveNodesAsync(default)).Count > 0)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
