using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Sharding;

/// <summary>Where this node sits in an Akka cluster, and the application's cluster settings.</summary>
/// <remarks>Akka's own tuning (failure detector, Split Brain Resolver, sharding, the shard lease's timings) lives in
/// <c>hocon/eco.conf</c>; these are the values that differ per node or per deployment, rendered into HOCON at start.</remarks>
public sealed class ClusterOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Cluster";

    /// <summary>Off (default) for the embedded single node: a cluster of one, with no Redis and no lease.</summary>
    public bool Enabled { get; set; }

    /// <summary>This node's stable id (the pod name in Kubernetes), carried as the cluster role <c>node:{id}</c>. Default: the host name.</summary>
    [RegularExpression("^[a-zA-Z0-9._-]{1,63}$")]
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>The cluster's name: the actor system's (nodes of different clusters never join) and the prefix of its Redis keys. Default <c>eco</c>.</summary>
    [RegularExpression("^[a-zA-Z0-9][a-zA-Z0-9-]{0,39}$")]
    public string Name { get; set; } = "eco";

    /// <summary>The address Akka remoting binds. Default <c>127.0.0.1</c> (Kubernetes: <c>0.0.0.0</c>).</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The host name other nodes reach this one by (Kubernetes: the pod's stable DNS name). Default: <see cref="Host"/>.</summary>
    public string? PublicHost { get; set; }

    /// <summary>Akka remoting's port. Default 4053; a single node with port 0 takes any free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 4053;

    /// <summary>Seed nodes as <c>host:port</c> (remoting endpoints). Empty: this node starts a cluster of its own and others join it.</summary>
    public string[] Seeds { get; set; } = [];

    /// <summary>The seeds given, without blank entries (an environment variable set to nothing means no seed).</summary>
    public IReadOnlyList<string> SeedEndpoints => [.. Seeds.Where(seed => !string.IsNullOrWhiteSpace(seed)).Select(seed => seed.Trim())];

    /// <summary>Redis endpoint(s) (StackExchange.Redis configuration string): shard leases and the event bus. Default <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>Shards, fixed for the life of the cluster (about 10× the most nodes expected). Default 100.</summary>
    [Range(1, 100_000)]
    public int ShardCount { get; set; } = 100;

    /// <summary>
    /// How long a submission keeps trying while its shard cannot take it (a hand-off, a dead node being replaced) before the client
    /// gets 503 with Retry-After. Default 20 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HandoffPatience { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Pub/sub channels of the event bus (a node's Redis subscriptions are at most this many, whatever the clients: it
    /// subscribes to a channel while it watches one of its jobs). Default 16.</summary>
    [Range(1, 1024)]
    public int EventChannels { get; set; } = 16;

    /// <summary>Entries kept in each job's Redis stream (approximately: Redis trims in whole blocks). Default 1,000.</summary>
    [Range(10, 1_000_000)]
    public int EventStreamLength { get; set; } = 1000;

    /// <summary>How long a running job's Redis stream and latest-state key live after its last event. Default 1 h.</summary>
    public TimeSpan EventStreamTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long they live once the job has ended. Default 5 min: clients catch up from the journal, so Redis need not hold every
    /// finished job for an hour (at 10,000 events/s that would be gigabytes).
    /// </summary>
    public TimeSpan EndedStreamTtl { get; set; } = TimeSpan.FromMinutes(5);
}
