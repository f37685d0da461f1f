using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Eco.Actors.Jobs;
using Eco.Actors.Sharding;
using Eco.Host.Auth;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.MultiNode;

/// <summary>Several real nodes forming one Akka cluster (each its own Kestrel and remoting port), sharing one PostgreSQL schema and
/// one Redis: in this process (<see cref="StartNodeAsync"/>), or as <c>eco serve</c> processes (<see cref="SettingsAsync"/>).</summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>Short leases, so takeovers in tests take seconds: 2 s TTL, renewed every 0.5 s (self-fencing at 1.5 s).</summary>
    public const string TestHocon = "eco.shard-lease { heartbeat-timeout = 2s, heartbeat-interval = 500ms }";

    private readonly TempDirectory _dir = new();
    private readonly string _schema = "c_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _cluster = "c" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<TestNode> _nodes = [];
    private readonly List<int> _remotingPorts = [];

    public ClusterHarness(int shardCount = 30)
    {
        ShardCount = shardCount;
        // Every node of a cluster checks tokens with the same key.
        KeyFile = Path.Combine(_dir.Path, "signing.key");
        File.WriteAllText(KeyFile, SharedSecret.NewKeyText());
    }

    /// <summary>The cluster's shared signing key.</summary>
    public string KeyFile { get; }

    public int ShardCount { get; }
    public IReadOnlyList<TestNode> Nodes => _nodes;
    public string ClusterName => _cluster;
    public string Schema => _schema;

    /// <summary>Starts a node in this process and waits until it is ready (a member of the cluster, Redis answered).</summary>
    public async Task<TestNode> StartNodeAsync(string nodeId, TimeSpan? tokenDelay = null, IReadOnlyDictionary<string, string?>? extra = null,
        bool waitReady = true)
    {
        var port = NodeProcess.FreePort();
        var settings = await SettingsAsync(nodeId, NodeProcess.FreePort());
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var node = await TestNode.StartAsync(Path.Combine(_dir.Path, nodeId), tokenDelay ?? TimeSpan.FromMilliseconds(2), settings, $"http://127.0.0.1:{port}");
        _nodes.Add(node);
        if (waitReady)
        {
            await WaitUntilAsync(async () => (await node.Http.GetAsync("readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), $"{nodeId} ready");
        }
        return node;
    }

    /// <summary>The settings of a cluster node (also used for child processes, as environment variables): every node started before
    /// it is a seed, so it joins whichever of them is up.</summary>
    public async Task<Dictionary<string, string?>> SettingsAsync(string nodeId, int remotingPort)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = await PostgresServer.ConnectionStringAsync(),
            ["Eco:Journal:Postgres:Schema"] = _schema,
            ["Eco:Cluster:Enabled"] = "true",
            ["Eco:Cluster:NodeId"] = nodeId,
            ["Eco:Cluster:Name"] = _cluster,
            ["Eco:Cluster:Redis"] = await RedisServer.EndpointAsync(),
            ["Eco:Cluster:ShardCount"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Eco:Cluster:Port"] = remotingPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Akka:Hocon"] = TestHocon,
            ["Eco:Auth:SigningKeyFile"] = KeyFile,
        };
        for (var i = 0; i < _remotingPorts.Count; i++)
        {
            settings[$"Eco:Cluster:Seeds:{i}"] = $"127.0.0.1:{_remotingPorts[i]}";
        }
        _remotingPorts.Add(remotingPort);
        return settings;
    }

    /// <summary>Waits until <paramref name="observer"/> (default: the first node) sees exactly <paramref name="count"/> members, all Up
    /// and reachable.</summary>
    public Task WaitForMembersAsync(int count, TestNode? observer = null, TimeSpan? timeout = null) =>
        WaitUntilAsync(() =>
        {
            var state = Cluster.Get((observer ?? _nodes[0]).Services.GetRequiredService<ActorSystem>()).State;
            return Task.FromResult(state.Members.Count == count && state.Members.All(m => m.Status == MemberStatus.Up) && state.Unreachable.Count == 0);
        }, timeout ?? TimeSpan.FromSeconds(30), $"{count} members up");

    /// <summary>The running node that holds the job's shard now (under a live lease), or null.</summary>
    public TestNode? OwnerOf(string jobId) =>
        _nodes.SingleOrDefault(n => n.Services.GetRequiredService<ShardFences>().MayActOn(JobId.Parse(jobId)));

    /// <summary>Shards held per node, as the cluster's admin view reports them (through <paramref name="observer"/>).</summary>
    public static async Task<Dictionary<string, int>> ShardsPerNodeAsync(TestNode observer)
    {
        var view = await observer.Admin.GetFromJsonAsync<JsonElement>("admin/cluster");
        return view.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node_id").GetString()!, n => n.GetProperty("shards").GetArrayLength());
    }

    /// <summary>Each node's members and held shards, for failure messages.</summary>
    public string Describe() => string.Join("; ", _nodes.Select(n =>
    {
        var system = n.Services.GetRequiredService<ActorSystem>();
        var state = Cluster.Get(system).State;
        return $"{Cluster.Get(system).SelfAddress}: members [{string.Join(',', state.Members.Select(m => $"{m.Address.Port}:{m.Status}"))}], " +
               $"holds [{string.Join(',', n.Services.GetRequiredService<ShardFences>().HeldShards)}]";
    }));

    /// <summary>Stops a node gracefully: it leaves the cluster and hands its shards off.</summary>
    public async Task StopNodeAsync(TestNode node)
    {
        _nodes.Remove(node);
        await node.DisposeAsync();
    }

    /// <summary><see cref="Eventually.UntilAsync(Func{Task{bool}}, TimeSpan, string)"/>, where a node that cannot be reached yet (it is
    /// starting, stopping or cut off) only means "not yet".</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(async () =>
        {
            try
            {
                return await condition();
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        _dir.Dispose();
    }
}
