using Eco.Actors.Sharding;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.MultiNode;

/// <summary>Several real nodes in one process (each its own Kestrel port), sharing one PostgreSQL schema and one Redis.</summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _schema = "c_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _cluster = "c" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<TestNode> _nodes = [];

    public ClusterHarness(int shardCount = 30) => ShardCount = shardCount;

    public int ShardCount { get; }
    public IReadOnlyList<TestNode> Nodes => _nodes;
    public string ClusterName => _cluster;
    public string Schema => _schema;

    public async Task<TestNode> StartNodeAsync(string nodeId, TimeSpan? tokenDelay = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var port = NodeProcess.FreePort();
        var settings = new Dictionary<string, string?>(await SettingsAsync(nodeId, port))
        {
            ["Eco:Cluster:Address"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var node = await TestNode.StartAsync(Path.Combine(_dir.Path, nodeId), tokenDelay ?? TimeSpan.FromMilliseconds(2), settings, $"http://127.0.0.1:{port}");
        _nodes.Add(node);
        return node;
    }

    /// <summary>The settings of a cluster node (also used for child processes, as environment variables).</summary>
    public async Task<Dictionary<string, string?>> SettingsAsync(string nodeId, int port) => new()
    {
        ["Eco:Journal:Provider"] = "postgres",
        ["Eco:Journal:Postgres:ConnectionString"] = await PostgresServer.ConnectionStringAsync(),
        ["Eco:Journal:Postgres:Schema"] = _schema,
        ["Eco:Cluster:Enabled"] = "true",
        ["Eco:Cluster:NodeId"] = nodeId,
        ["Eco:Cluster:Name"] = _cluster,
        ["Eco:Cluster:Redis"] = await RedisServer.EndpointAsync(),
        ["Eco:Cluster:ShardCount"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Eco:Cluster:LeaseTtl"] = "00:00:02",
        ["Eco:Cluster:Tick"] = "00:00:00.200",
        ["Eco:Cluster:SweepEvery"] = "00:00:03",
        ["Eco:Cluster:Address"] = $"http://127.0.0.1:{port}",
    };

    public static ShardCoordinator Coordinator(TestNode node) => node.Services.GetRequiredService<ShardCoordinator>();

    /// <summary>Waits until the running nodes own every shard between them, each within one of the others (max − min ≤ 1).</summary>
    public async Task<int[]> WaitForEvenSpreadAsync(TimeSpan timeout, IReadOnlyList<TestNode>? nodes = null)
    {
        nodes ??= _nodes;
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var owned = nodes.Select(n => Coordinator(n).OwnedShards).ToArray();
            var counts = owned.Select(o => o.Count).ToArray();
            if (counts.Sum() == ShardCount && counts.Max() - counts.Min() <= 1 && owned.SelectMany(o => o).Distinct().Count() == ShardCount)
            {
                return counts;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Each node's view of the cluster (owned shards; owners and members as of its last tick), for failure messages.</summary>
    public string Describe() => string.Join("; ", _nodes.Select(n =>
    {
        var c = Coordinator(n);
        return $"{c.NodeId}: owns [{string.Join(',', c.OwnedShards)}], sees owners {{{string.Join(',', c.Owners.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value.NodeId}"))}}}, members [{string.Join(',', c.Nodes.Keys.Order())}]";
    }));

    public async Task StopNodeAsync(TestNode node)
    {
        _nodes.Remove(node);
        await node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        _dir.Dispose();
    }
}
