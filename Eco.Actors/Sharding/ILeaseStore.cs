namespace Eco.Actors.Sharding;

/// <summary>Cluster membership and shard leases: who is alive, and who owns each shard under which fencing token.</summary>
/// <remarks>
/// Adapters must guarantee: a shard has at most one unexpired lease at any instant; each acquisition by a different node yields a
/// strictly larger fencing token for that shard; renew and release succeed only for the exact (node, token) holding the lease.
/// </remarks>
public interface ILeaseStore
{
    /// <summary>Registers or refreshes a node; it counts as alive for <paramref name="ttl"/>. False when this incarnation was downed.</summary>
    Task<bool> HeartbeatAsync(NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The nodes whose heartbeat has not expired, by id.</summary>
    Task<IReadOnlyList<NodeInfo>> GetLiveNodesAsync(CancellationToken cancellationToken);

    /// <summary>Removes a node and every lease it holds (leave, or an operator's down): its shards are free at once.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="shardCount">Shards of the cluster.</param>
    /// <param name="down">True for an operator's down: the node's current incarnation may not rejoin (a restarted node may).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task RemoveNodeAsync(string nodeId, int shardCount, bool down, CancellationToken cancellationToken);

    /// <summary>Takes a free shard (or keeps one already held by this node); null when another node holds it or the node is downed.</summary>
    Task<ShardLease?> TryAcquireAsync(int shard, NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends a lease this node holds; false when it was lost (expired or taken over).</summary>
    Task<bool> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives a lease up (graceful handoff).</summary>
    Task ReleaseAsync(ShardLease lease, CancellationToken cancellationToken);

    /// <summary>Current holder of every shard that has one.</summary>
    Task<IReadOnlyDictionary<int, ShardLease>> GetOwnersAsync(int shardCount, CancellationToken cancellationToken);
}

/// <summary>A member of the cluster.</summary>
/// <param name="NodeId">Stable id (the pod name in Kubernetes).</param>
/// <param name="Address">Base URL other nodes forward to.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Status"><c>up</c>, <c>leaving</c> while it hands its shards over, or <c>down</c>.</param>
/// <param name="Incarnation">Identifies this run of the node: a downed incarnation stays out; a restart is a new one.</param>
public sealed record NodeInfo(string NodeId, string Address, DateTimeOffset StartedAt, string Status, string Incarnation = "");

/// <summary>A node's hold on a shard.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="NodeId">The holder.</param>
/// <param name="Token">Fencing token: larger for every new holder of this shard.</param>
public sealed record ShardLease(int Shard, string NodeId, long Token);
