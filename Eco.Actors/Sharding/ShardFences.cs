using System.Collections.Concurrent;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Sharding;

/// <summary>Which shards this node may act on now, and the fence its appends to them carry: the one place a node decides whether it
/// may still append to a job or call the model for it.</summary>
/// <remarks>
/// In a cluster a shard's lease (<see cref="Redis.RedisLease"/>) grants the shard here when it is acquired, with the fencing token
/// the journal raised for it and a deadline on this node's own monotonic clock: ¾ of a lease after the renewal that granted it
/// left. Every renewal moves the deadline; a lost lease revokes the grant. Once the deadline passes, the node no longer acts on
/// the shard, even before anything noticed (a node frozen past its lease acts on its own clock the instant it runs again), so it
/// stops before the lease can lapse in Redis and another node resume the same jobs. A single node (no lease) is not enforced: it
/// acts on every job and its appends carry no fence.
/// </remarks>
public sealed class ShardFences
{
    private readonly ConcurrentDictionary<int, Held> _held = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the registry of one node.</summary>
    /// <param name="resolver">The cluster's shards.</param>
    /// <param name="time">The monotonic clock deadlines are measured on.</param>
    /// <param name="enforced">False on a single node: every job is this node's, unfenced.</param>
    public ShardFences(ShardResolver resolver, TimeProvider time, bool enforced)
    {
        Resolver = resolver;
        _time = time;
        Enforced = enforced;
    }

    /// <summary>A single node's: not enforced.</summary>
    public static ShardFences Unenforced { get; } = new(new ShardResolver(1), TimeProvider.System, enforced: false);

    /// <summary>True in a cluster, where shards are held under leases.</summary>
    public bool Enforced { get; }

    /// <summary>The cluster's shards.</summary>
    public ShardResolver Resolver { get; }

    /// <summary>The shards this node may act on now.</summary>
    public IReadOnlyList<int> HeldShards => [.. _held.Where(h => MayActOn(h.Key, out _)).Select(h => h.Key).Order()];

    /// <summary>Grants a shard under <paramref name="token"/> until <paramref name="validUntil"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void Grant(int shard, long token, long validUntil) => _held[shard] = new Held(token, validUntil);

    /// <summary>Moves the deadline of a grant still held under <paramref name="token"/>; false when it was revoked meanwhile.</summary>
    public bool Extend(int shard, long token, long validUntil)
    {
        while (_held.TryGetValue(shard, out var grant) && grant.Token == token)
        {
            if (_held.TryUpdate(shard, grant with { ValidUntil = Math.Max(grant.ValidUntil, validUntil) }, grant))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Takes the grant of <paramref name="token"/> away (lease lost or released); a newer grant stays.</summary>
    public void Revoke(int shard, long token)
    {
        if (_held.TryGetValue(shard, out var grant) && grant.Token == token)
        {
            _held.TryRemove(new KeyValuePair<int, Held>(shard, grant));
        }
    }

    /// <summary>The deadline of a shard's grant (a <see cref="TimeProvider"/> timestamp), or null when not granted.</summary>
    public long? DeadlineOf(int shard) => _held.TryGetValue(shard, out var grant) ? grant.ValidUntil : null;

    /// <summary>True when this node may append to the job and call the model for it now.</summary>
    public bool MayActOn(JobId job) => !Enforced || MayActOn(Resolver.ShardOf(job), out _);

    /// <summary>The fence of an append to the job, or null when not enforced (single node).</summary>
    /// <exception cref="NotShardOwnerException">This node may not act on the job's shard now.</exception>
    public Fence? FenceFor(JobId job)
    {
        if (!Enforced)
        {
            return null;
        }
        var shard = Resolver.ShardOf(job);
        return MayActOn(shard, out var token) ? new Fence(shard, token) : throw new NotShardOwnerException(job, shard);
    }

    private bool MayActOn(int shard, out long token)
    {
        token = 0;
        if (!_held.TryGetValue(shard, out var grant) || _time.GetTimestamp() >= grant.ValidUntil)
        {
            return false;
        }
        token = grant.Token;
        return true;
    }

    private sealed record Held(long Token, long ValidUntil);
}
