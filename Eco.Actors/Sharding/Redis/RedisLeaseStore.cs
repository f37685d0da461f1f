using System.Globalization;
using StackExchange.Redis;

namespace Eco.Actors.Sharding.Redis;

/// <summary>Leases in Redis (one per shard, and the Split Brain Resolver's): every check-and-set is one Lua script, so it is atomic
/// on the server.</summary>
/// <remarks>
/// Keys (prefix <c>eco:{cluster}:</c>): <c>{lease}</c> = <c>"{owner}|{token}"</c> with a TTL; <c>fence:{lease}</c> the lease's token
/// counter (INCR, never reset). A lease has at most one unexpired holder; each acquisition by a different owner yields a strictly
/// larger token; renew and release succeed only for the exact (owner, token) holding it. Why Redis rather than PostgreSQL advisory
/// locks: a lease must expire by itself when its holder dies (a half-dead node can keep a session, and its locks, open).
/// </remarks>
public sealed class RedisLeaseStore(IConnectionMultiplexer redis, string cluster)
{
    private const string AcquireScript = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local owner, token = string.match(current, '^(.*)|(%d+)$')
          if owner == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {owner, token}
          end
          return {owner, token, 'held'}
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
        return {ARGV[1], tostring(token)}
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private const string ReleaseOwnerScript = """
        local released = 0
        for shard = 0, tonumber(ARGV[2]) - 1 do
          local key = ARGV[3] .. shard
          local current = redis.call('GET', key)
          if current and string.sub(current, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
            redis.call('DEL', key)
            released = released + 1
          end
        end
        return released
        """;

    private readonly string _prefix = $"eco:{cluster}:";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The lease of a shard.</summary>
    public static string ShardLease(int shard) => "shard:" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>Takes a free lease (or keeps one this owner holds already); null when another owner holds it.</summary>
    public async Task<LeaseHold?> TryAcquireAsync(string lease, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(AcquireScript, [_prefix + lease, _prefix + "fence:" + lease],
            [owner, (long)ttl.TotalMilliseconds]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        return result.Length == 3 ? null : new LeaseHold(lease, (string)result[0]!, long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
    }

    /// <summary>Extends a lease; false when it was lost (expired, or taken over).</summary>
    public async Task<bool> RenewAsync(LeaseHold hold, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(RenewScript, [_prefix + hold.Lease], [Value(hold), (long)ttl.TotalMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Gives a lease up (graceful handoff); nothing when it is no longer this hold.</summary>
    public Task ReleaseAsync(LeaseHold hold, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(ReleaseScript, [_prefix + hold.Lease], [Value(hold)]).WaitAsync(cancellationToken);

    /// <summary>Drops every shard lease an owner holds (it is dead, or an operator downed it); returns how many.</summary>
    /// <remarks>The next holders raise the shards' fences as they acquire them: if the owner is alive after all, it cannot write.</remarks>
    public async Task<int> ReleaseAllOfAsync(string owner, int shardCount, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(ReleaseOwnerScript, [], [owner, shardCount, _prefix + "shard:"]).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Current holder of every shard that has one.</summary>
    public async Task<IReadOnlyDictionary<int, LeaseHold>> GetShardOwnersAsync(int shardCount, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, shardCount).Select(i => (RedisKey)(_prefix + ShardLease(i))).ToArray();
        var values = await Db.StringGetAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<int, LeaseHold>();
        for (var shard = 0; shard < values.Length; shard++)
        {
            if (values[shard].HasValue)
            {
                var text = values[shard].ToString();
                var bar = text.LastIndexOf('|');
                owners[shard] = new LeaseHold(ShardLease(shard), text[..bar], long.Parse(text[(bar + 1)..], CultureInfo.InvariantCulture));
            }
        }
        return owners;
    }

    private static string Value(LeaseHold hold) => $"{hold.Owner}|{hold.Token}";
}
