using Eco.Actors.Jobs;

namespace Eco.Actors.Sharding;

/// <summary>Thrown when a node that may not act on a job's shard (it lost the lease, or could not renew it in time) tries to write it.</summary>
public sealed class NotShardOwnerException(JobId job, int shard) : Exception($"this node does not hold shard {shard} now (job {job})")
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;
}
