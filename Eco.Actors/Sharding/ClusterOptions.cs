using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Sharding;

/// <summary>Cluster mode: membership, shards and leases.</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Cluster";

    /// <summary>Off (default) for the embedded single node.</summary>
    public bool Enabled { get; set; }

    /// <summary>This node's stable id (the pod name in Kubernetes). Default: the host name.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>Base URL other nodes use to reach this one. Default: the first listen URL.</summary>
    public string? Address { get; set; }

    /// <summary>Name that separates clusters sharing one Redis. Default <c>eco</c>.</summary>
    [RegularExpression("^[a-zA-Z0-9_-]{1,40}$")]
    public string Name { get; set; } = "eco";

    /// <summary>Redis endpoint(s) (StackExchange.Redis configuration string). Default <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>Shards, fixed for the life of the cluster (about 10× the most nodes expected). Default 100.</summary>
    [Range(1, 100_000)]
    public int ShardCount { get; set; } = 100;

    /// <summary>
    /// Lease and heartbeat lifetime: a dead node's shards are free this long after its last renewal. A live node that could not
    /// renew a shard's lease for ¾ of it stops the shard's work first (self-fencing). Default 6 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often leases are renewed and the spread is corrected. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Shards a node releases or takes per tick while rebalancing (bounded steps). Default 10.</summary>
    [Range(1, 100_000)]
    public int MaxMovesPerTick { get; set; } = 10;

    /// <summary>
    /// How often owned shards (a single node: all jobs) are swept for unfinished jobs that are not loaded (an entity that gave up
    /// while the journal was down is woken again). Default 15 s; zero turns the sweep off (jobs still resume at start-up and when a
    /// shard is acquired).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a submission waits and retries while its shard has no reachable owner (a handoff, a dead node) before the client
    /// gets 503 with Retry-After. Default 20 s (above the default lease TTL, so a takeover fits in it).
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
