using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Eco.Actors.Sharding;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Sharding;

/// <summary>Rebalancing waits while any region's node is not an Up member (one just killed and removed, say); allocation never waits.</summary>
public sealed class SettledRebalanceStrategyTests(ITestOutputHelper output) : TestKit(Config, output: output)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """);

    /// <summary>Stands in for Akka's strategy: always wants to move shard "7".</summary>
    private sealed class EagerStrategy : IShardAllocationStrategy
    {
        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
            Task.FromResult(currentShardAllocations.Keys.First());

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
            Task.FromResult<IImmutableSet<string>>(ImmutableHashSet.Create("7"));
    }

    private async Task<SettledRebalanceStrategy> StartedAsync()
    {
        var cluster = Cluster.Get(Sys);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var strategy = new SettledRebalanceStrategy(new EagerStrategy());
        strategy.Start(Sys);
        return strategy;
    }

    private IActorRef RegionOn(Address address) =>
        ((ExtendedActorSystem)Sys).Provider.ResolveActorRef(new RootActorPath(address) / "system" / "sharding" / "eco");

    [Fact]
    public async Task EveryRegionOnAnUpMember_RebalancesAsAkkaWould()
    {
        var strategy = await StartedAsync();
        var local = RegionOn(Cluster.Get(Sys).SelfAddress);
        var moved = await strategy.Rebalance(ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty.Add(local, ["7"]), ImmutableHashSet<string>.Empty);
        Assert.Equal(["7"], moved);
    }

    [Fact]
    public async Task ARegionWhoseNodeIsNoLongerAMember_RebalancesNothing_ButShardsAreStillAllocated()
    {
        var strategy = await StartedAsync();
        var local = RegionOn(Cluster.Get(Sys).SelfAddress);
        var gone = RegionOn(new Address("akka.tcp", Sys.Name, "127.0.0.1", 1)); // killed and removed; the coordinator has not caught up
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty.Add(local, ["1"]).Add(gone, ["7"]);
        Assert.Empty(await strategy.Rebalance(allocations, ImmutableHashSet<string>.Empty));
        Assert.NotNull(await strategy.AllocateShard(local, "9", allocations));
    }
}
