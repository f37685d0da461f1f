namespace Eco.Host.Chaos;

/// <summary>A bounded chaos run against a local cluster of <c>eco serve</c> processes on one PostgreSQL and one Redis.</summary>
/// <param name="Nodes">Cluster nodes (child processes of this command).</param>
/// <param name="Vus">Virtual users: each loops submit → watch (reconnecting with its last seq) → next.</param>
/// <param name="Duration">Time during which users submit and nodes are killed; jobs in flight then finish within <paramref name="Drain"/>.</param>
/// <param name="Drain">Longest wait for jobs in flight after <paramref name="Duration"/>.</param>
/// <param name="KillEvery">Interval between kill -9 of a random node.</param>
/// <param name="DownFor">How long a killed node stays down before it is restarted (same node id, same data directory).</param>
/// <param name="StormAt">When the fake-LLM fault storm starts (from the run's start), or null for none.</param>
/// <param name="StormFor">How long the storm lasts.</param>
/// <param name="Latency">Fake LLM time to first token (each call takes this to twice this).</param>
/// <param name="LeaveAt">When a random node leaves gracefully (then stops, and rejoins after <paramref name="DownFor"/>), or null.</param>
/// <param name="RedisRestartAt">When Redis is killed and restarted (down 2 s), or null.</param>
/// <param name="PostgresRestartAt">When PostgreSQL is stopped and restarted (down 2 s), or null.</param>
/// <param name="FreezeAt">When a random node is frozen (SIGSTOP) for <see cref="FreezeTime"/>, longer than a lease, then thawed; or null.</param>
/// <param name="ShardCount">Shards of the run's cluster.</param>
/// <param name="Seed">Seed of the choice of victims and of the storm's faults.</param>
/// <param name="MinKills">Kills the run makes at least: the load goes on past <paramref name="Duration"/> (up to twice it) until
/// there were this many, since other disruptions and slow restarts on a busy machine can crowd kills out.</param>
internal sealed record ChaosOptions(
    int Nodes, int Vus, TimeSpan Duration, TimeSpan Drain, TimeSpan KillEvery, TimeSpan DownFor,
    TimeSpan? StormAt, TimeSpan StormFor, TimeSpan Latency,
    TimeSpan? LeaveAt = null, TimeSpan? RedisRestartAt = null, TimeSpan? PostgresRestartAt = null, int ShardCount = 30, int Seed = 1,
    TimeSpan? FreezeAt = null, int MinKills = 0)
{
    /// <summary>The idle time after which a node's sweep wakes a quiet unfinished job (short, so a job nothing restarted still
    /// ends within the drain, and the report names it).</summary>
    public static readonly TimeSpan ResumeIdleAfter = TimeSpan.FromSeconds(20);

    /// <summary>The lease lifetime of the run's nodes (short, so takeovers are quick).</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(2);

    /// <summary>How long a frozen node stays frozen: past its lease and past the time the Split Brain Resolver takes to down it
    /// (failure detection, then stable-after), so the others take its shards and resume its jobs while it is still frozen.</summary>
    public static readonly TimeSpan FreezeTime = TimeSpan.FromSeconds(9);

    /// <summary>How long Redis or PostgreSQL stays down when restarted.</summary>
    public static readonly TimeSpan InfrastructureDowntime = TimeSpan.FromSeconds(2);

    /// <summary>The longest the load can run when it waits for <see cref="MinKills"/>: it always stops by itself.</summary>
    public TimeSpan LongestLoad => Duration * 2;
}
