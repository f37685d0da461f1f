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

    [Fact]
    public async Task TryAcquire_FreeShard_OneHolderAtATimeAndTokensGrowPerNewHolder()
    {
        var a = await _store.TryAcquireAsync("shard:7", "10.0.0.1:4053", TimeSpan.FromMilliseconds(300), default);
        Assert.NotNull(a);
        Assert.Null(await _store.TryAcquireAsync("shard:7", "10.0.0.2:4053", Ttl, default)); // held
        Assert.Equal(a, await _store.TryAcquireAsync("shard:7", "10.0.0.1:4053", TimeSpan.FromMilliseconds(300), default)); // same holder keeps its token

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        LeaseHold? b;
        while ((b = await _store.TryAcquireAsync("shard:7", "10.0.0.2:4053", Ttl, default)) is null)
        {
            await Task.Delay(50, deadline.Token); // a's lease expires: it was not renewed
        }
        Assert.True(b.Token > a.Token);
        Assert.False(await _store.RenewAsync(a, Ttl, default)); // the old holder has lost it
        Assert.True(await _store.RenewAsync(b, Ttl, default));
    }

    [Fact]
    public async Task Release_ThenAnotherOwnerTakesTheShardWithALargerToken()
    {
        var a = (await _store.TryAcquireAsync("shard:3", "a:1", Ttl, default))!;
        await _store.ReleaseAsync(a with { Token = a.Token + 99 }, default); // a wrong token releases nothing
        Assert.Null(await _store.TryAcquireAsync("shard:3", "b:1", Ttl, default));
        await _store.ReleaseAsync(a, default);
        var b = await _store.TryAcquireAsync("shard:3", "b:1", Ttl, default);
        Assert.True(b!.Token > a.Token);
        Assert.Equal("b:1", (await _store.GetShardOwnersAsync(10, default))[3].Owner);
    }

    [Fact]
    public async Task ReleaseAllOf_FreesEveryShardOfThatOwnerAndNoOther()
    {
        foreach (var shard in new[] { 0, 1, 2 })
        {
            await _store.TryAcquireAsync(RedisLeaseStore.ShardLease(shard), "a:1", Ttl, default);
        }
        await _store.TryAcquireAsync(RedisLeaseStore.ShardLease(3), "a:11", Ttl, default); // a prefix of another owner's name is not that owner
        await _store.TryAcquireAsync(RedisLeaseStore.ShardLease(4), "b:1", Ttl, default);
        await _store.TryAcquireAsync("lease:eco-akka-sbr", "a:1", Ttl, default); // not a shard's: an operator's down leaves it

        Assert.Equal(3, await _store.ReleaseAllOfAsync("a:1", 10, default));
        Assert.Equal([3, 4], (await _store.GetShardOwnersAsync(10, default)).Keys.Order());
        Assert.Null(await _store.TryAcquireAsync("lease:eco-akka-sbr", "b:1", Ttl, default));
    }
}
