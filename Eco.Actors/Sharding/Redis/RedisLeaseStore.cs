using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Eco.Actors.Sharding.Redis;

/// <summary>Membership and shard leases in Redis: every check-and-set is one Lua script, so it is atomic on the server.</summary>
/// <remarks>Keys (prefix <c>eco:{cluster}:</c>): <c>nodes</c> hash of node infos; <c>node:{id}</c> liveness key with a TTL;
/// <c>shard:{n}</c> = <c>"{node}|{token}"</c> with a TTL; <c>fence:{n}</c> the per-shard token counter (INCR, never reset).
/// Why Redis rather than PostgreSQL advisory locks: a lease must expire by itself when its holder dies (advisory locks live as
/// long as a session, which a half-dead node can keep open), and membership and the event bus already need Redis.</remarks>
public sealed class RedisLeaseStore(IConnectionMultiplexer redis, string cluster) : ILeaseStore
{
    private const string HeartbeatScript = """
        if redis.call('GET', KEYS[3]) == ARGV[2] then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
        return 1
        """;

    private const string AcquireScript = """
        if redis.call('GET', KEYS[3]) == ARGV[3] then
          return {'', '0', 'down'}
        end
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

    private const string RemoveNodeScript = """
        if ARGV[4] == '1' then
          local info = redis.call('HGET', KEYS[1], ARGV[1])
          if info then
            local incarnation = cjson.decode(info)['Incarnation']
            redis.call('SET', KEYS[3], incarnation, 'EX', 86400)
          end
        end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
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

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(HeartbeatScript, [_prefix + "nodes", _prefix + "node:" + node.NodeId, _prefix + "down:" + node.NodeId],
            [node.NodeId, node.Incarnation, JsonSerializer.Serialize(node), (long)ttl.TotalMilliseconds]).WaitAsync(cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetLiveNodesAsync(CancellationToken cancellationToken)
    {
        var entries = await Db.HashGetAllAsync(_prefix + "nodes").WaitAsync(cancellationToken).ConfigureAwait(false);
        var nodes = entries.Select(e => JsonSerializer.Deserialize<NodeInfo>(e.Value.ToString())!).ToList();
        var alive = await Task.WhenAll(nodes.Select(n => Db.KeyExistsAsync(_prefix + "node:" + n.NodeId))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. nodes.Where((_, i) => alive[i]).OrderBy(n => n.NodeId, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Task RemoveNodeAsync(string nodeId, int shardCount, bool down, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(RemoveNodeScript, [_prefix + "nodes", _prefix + "node:" + nodeId, _prefix + "down:" + nodeId],
            [nodeId, shardCount, _prefix + "shard:", down ? "1" : "0"]).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ShardLease?> TryAcquireAsync(int shard, NodeInfo node, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(AcquireScript, [ShardKey(shard), _prefix + "fence:" + shard, _prefix + "down:" + node.NodeId],
            [node.NodeId, (long)ttl.TotalMilliseconds, node.Incarnation]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        return result.Length == 3 ? null : new ShardLease(shard, (string)result[0]!, long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(RenewScript, [ShardKey(lease.Shard)], [Value(lease), (long)ttl.TotalMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task ReleaseAsync(ShardLease lease, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(ReleaseScript, [ShardKey(lease.Shard)], [Value(lease)]).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<int, ShardLease>> GetOwnersAsync(int shardCount, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, shardCount).Select(i => (RedisKey)ShardKey(i)).ToArray();
        var values = await Db.StringGetAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<int, ShardLease>();
        for (var shard = 0; shard < values.Length; shard++)
        {
            if (values[shard].HasValue)
            {
                var text = values[shard].ToString();
                var bar = text.LastIndexOf('|');
                owners[shard] = new ShardLease(shard, text[..bar], long.Parse(text[(bar + 1)..], CultureInfo.InvariantCulture));
            }
        }
        return owners;
    }

    private string ShardKey(int shard) => _prefix + "shard:" + shard;

    private static string Value(ShardLease lease) => $"{lease.NodeId}|{lease.Token}";
}
