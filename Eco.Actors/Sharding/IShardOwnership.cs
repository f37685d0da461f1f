using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Sharding;

/// <summary>Which node may run a job, and the fence its writes carry.</summary>
public interface IShardOwnership
{
    /// <summary>True when this node owns the job's shard now.</summary>
    bool IsLocal(JobId job);

    /// <summary>The node owning the job's shard, or null while the shard has no owner (handoff in progress).</summary>
    NodeInfo? OwnerOf(JobId job);

    /// <summary>The fence for an append to the job, or null when writes are not fenced (single node).</summary>
    /// <exception cref="NotShardOwnerException">This node does not own the job's shard.</exception>
    Fence? FenceFor(JobId job);
}

/// <summary>Thrown when a node that does not own a job's shard is asked to write it.</summary>
public sealed class NotShardOwnerException(JobId job, int shard) : Exception($"this node does not own shard {shard} (job {job})")
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;
}

/// <summary>Single-node mode: every job is local and writes need no fence.</summary>
public sealed class LocalOwnership : IShardOwnership
{
    /// <summary>The one instance.</summary>
    public static readonly LocalOwnership Instance = new();

    /// <inheritdoc />
    public bool IsLocal(JobId job) => true;

    /// <inheritdoc />
    public NodeInfo? OwnerOf(JobId job) => null;

    /// <inheritdoc />
    public Fence? FenceFor(JobId job) => null;
}
