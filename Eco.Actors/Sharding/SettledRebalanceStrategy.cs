using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Eco.Actors.Sharding;

/// <summary>Akka's shard allocation strategy, rebalancing only while every region's node is an Up, reachable member.</summary>
/// <remarks>
/// A node killed and downed at once (<see cref="Membership.CrashedMemberDowning"/>) leaves the cluster before the coordinator has
/// finished removing its region; a rebalance started in that window asks the dead region for a hand-off it never acknowledges,
/// and every request for the shard waits the whole hand-off timeout (Akka 1.5.73 gives its rebalance worker the regions as they
/// were, and tells it only of regions that terminate later). Waiting for the next round, once the coordinator's view has caught
/// up, costs a rebalance a second or two; allocation is unchanged.
/// </remarks>
public sealed class SettledRebalanceStrategy(IShardAllocationStrategy inner) : IActorSystemDependentAllocationStrategy
{
    private static readonly Task<IImmutableSet<string>> Nothing = Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
    private Cluster? _cluster;

    /// <inheritdoc />
    public void Start(ActorSystem system)
    {
        _cluster = Cluster.Get(system);
        switch (inner)
        {
            case IActorSystemDependentAllocationStrategy dependent:
                dependent.Start(system);
                break;
            case IStartableAllocationStrategy startable:
                startable.Start();
                break;
        }
    }

    /// <inheritdoc />
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        inner.AllocateShard(requester, shardId, currentShardAllocations);

    /// <inheritdoc />
    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        _cluster is { } cluster && Settled(cluster, currentShardAllocations.Keys)
            ? inner.Rebalance(currentShardAllocations, rebalanceInProgress)
            : Nothing;

    /// <summary>True when each region lives on a member that is Up and reachable.</summary>
    private static bool Settled(Cluster cluster, IEnumerable<IActorRef> regions)
    {
        var state = cluster.State;
        var up = state.Members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m)).Select(m => m.Address).ToHashSet();
        return regions.All(region => up.Contains(region.Path.Address.HasLocalScope ? cluster.SelfAddress : region.Path.Address));
    }
}
