using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Eco.Tests.Integration.Sharding;

/// <summary>The Akka.Coordination lease over a real Redis: the fence it raises in a real journal, renewal, loss, and self-fencing on
/// the node's own clock when Redis cannot be reached.</summary>
[Trait("Category", "Integration")]
public sealed class RedisLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(4); // renewals every 800 ms: a busy CI machine may delay one by a second or two

    // A script's first run on a loaded CI machine (EVAL, then the journal's fence write) took over a second once.
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _dir = new();
    private readonly string _cluster = "l" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<ActorSystem> _systems = [];
    private SqliteJournal _journal = null!;

    public Task InitializeAsync()
    {
        _journal = JournalTest.Open(_dir.File("journal.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate();
        }
        await _journal.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A "node": an actor system whose lease reaches Redis at <paramref name="redis"/>, with its own shard fences.</summary>
    private async Task<(RedisLease Lease, ShardFences Fences)> NodeAsync(string redis, string owner, int shard = 3, string? name = null)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",connectTimeout=2000,syncTimeout=5000,abortConnect=false");
        var fences = new ShardFences(new ShardResolver(10), TimeProvider.System, enforced: true);
        var setup = EcoActorSystems.Setup(_journal, fences);
        var services = new ServiceCollection()
            .AddSingleton(new RedisLeaseStore(connection, _cluster))
            .AddSingleton<IJournal>(_journal)
            .AddSingleton(fences)
            .AddSingleton(TimeProvider.System)
            .BuildServiceProvider();
        var system = EcoActorSystems.Create("lease", setup.And(Akka.DependencyInjection.DependencyResolverSetup.Create(services)));
        _systems.Add(system);
        var settings = new LeaseSettings(name ?? $"{_cluster}-shard-eco-{shard}", owner,
            new TimeoutSettings(TimeSpan.FromMilliseconds(800), Ttl, OperationTimeout), Config.Empty);
        return (new RedisLease(settings, (ExtendedActorSystem)system), fences);
    }

    private static JobId JobOnShard(ShardFences fences, int shard) => JobIds.OnShard(fences.Resolver, s => s == shard);

    [Fact]
    public async Task Acquire_RaisesTheShardsFence_AndGrantsTheShardOnThisNodeOnly()
    {
        var redis = await RedisServer.EndpointAsync();
        var (a, aFences) = await NodeAsync(redis, "sys@10.0.0.1:4053");
        var (b, bFences) = await NodeAsync(redis, "sys@10.0.0.2:4053");
        Assert.True(await a.Acquire());
        Assert.False(await b.Acquire()); // one holder at a time
        Assert.True(a.CheckLease());

        var job = JobOnShard(aFences, 3);
        Assert.True(aFences.MayActOn(job));
        Assert.False(bFences.MayActOn(job));
        var fence = aFences.FenceFor(job)!.Value;
        Assert.Equal(fence.Token, await _journal.RaiseFenceAsync(3, 0, default) - 1); // the journal's fence is the grant's token
        Assert.Throws<NotShardOwnerException>(() => bFences.FenceFor(job));
    }

    [Fact]
    public async Task Held_IsRenewedPastItsTtl_AndReleaseFreesItForTheNextHolderUnderALargerFence()
    {
        var redis = await RedisServer.EndpointAsync();
        var (a, aFences) = await NodeAsync(redis, "sys@10.0.0.1:4053");
        var (b, bFences) = await NodeAsync(redis, "sys@10.0.0.2:4053");
        Assert.True(await a.Acquire());
        var job = JobOnShard(aFences, 3);
        var first = aFences.FenceFor(job)!.Value.Token;

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var held = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - held < Ttl * 2) // well past one TTL: renewals kept it
        {
            Assert.False(await b.Acquire());
            Assert.True(a.CheckLease());
            await Task.Delay(200, deadline.Token);
        }

        Assert.True(await a.Release());
        Assert.False(a.CheckLease());
        Assert.False(aFences.MayActOn(job));
        Assert.True(await b.Acquire());
        Assert.True(bFences.FenceFor(job)!.Value.Token > first);
    }

    [Fact]
    public async Task TakenOver_TheHolderHearsItLost_AndNoLongerActsOnTheShard()
    {
        var redis = await RedisServer.EndpointAsync();
        var (a, aFences) = await NodeAsync(redis, "sys@10.0.0.1:4053");
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await a.Acquire(reason => lost.TrySetResult(reason)));

        // An operator downs the node (or it was found dead): its leases are dropped; another node takes the shard.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var store = new RedisLeaseStore(connection, _cluster);
        Assert.Equal(1, await store.ReleaseAllOfAsync("sys@10.0.0.1:4053", 10, default));
        Assert.NotNull(await store.TryAcquireAsync(RedisLeaseStore.ShardLease(3), "sys@10.0.0.2:4053", TimeSpan.FromSeconds(30), default));

        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(5)); // at its next renewal
        Assert.IsType<LeaseLostException>(reason);
        Assert.False(a.CheckLease());
        Assert.False(aFences.MayActOn(JobOnShard(aFences, 3)));
        // Sharding releases the lost lease as it stops the shard: nothing is held, so nothing failed, and the new holder keeps it.
        Assert.True(await a.Release());
        Assert.Equal("sys@10.0.0.2:4053", (await store.GetShardOwnersAsync(10, default))[3].Owner);
    }

    [Fact]
    public async Task RedisUnreachable_TheHolderStopsActingAt3QuartersOfItsTtl_BeforeTheLeaseCanLapseInRedis()
    {
        await using var redis = await RedisServer.StartOwnAsync();
        var (a, aFences) = await NodeAsync(redis.Endpoint, "sys@10.0.0.1:4053");
        var lost = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await a.Acquire(_ => lost.TrySetResult(DateTimeOffset.UtcNow)));
        var job = JobOnShard(aFences, 3);

        var cut = TimeProvider.System.GetTimestamp();
        redis.Stop(); // no renewal can reach Redis now; the lease in Redis (had it survived) would live up to 2 s more
        // The holder acts only while its own clock is before the deadline of its last renewal, whenever the loss is announced:
        // that deadline falls within 3/4 of the TTL after the cut — before any other node could have taken the shard.
        var deadline = aFences.DeadlineOf(3) ?? throw new InvalidOperationException("shard 3 was not held");
        Assert.InRange(TimeProvider.System.GetElapsedTime(cut, deadline), TimeSpan.MinValue, Ttl * 3 / 4);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(15)); // and the loss is announced (late on a busy machine, never missed)
        Assert.False(a.CheckLease());
        Assert.False(aFences.MayActOn(job)); // no append, no model call for the shard's jobs
        Assert.Throws<NotShardOwnerException>(() => aFences.FenceFor(job));
    }

    [Fact]
    public async Task SplitBrainResolversLease_IsAPlainLease_OneHolderAndNoFence()
    {
        var redis = await RedisServer.EndpointAsync();
        var (a, aFences) = await NodeAsync(redis, "sys@10.0.0.1:4053", name: $"{_cluster}-akka-sbr");
        var (b, _) = await NodeAsync(redis, "sys@10.0.0.2:4053", name: $"{_cluster}-akka-sbr");
        Assert.True(await a.Acquire());
        Assert.False(await b.Acquire());
        Assert.Empty(aFences.HeldShards); // it guards no shard
        Assert.True(await a.Release());
        Assert.True(await b.Acquire());
    }
}
