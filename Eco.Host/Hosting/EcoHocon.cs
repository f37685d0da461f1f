using System.Globalization;
using System.Text;
using Akka.Configuration;
using Eco.Actors.Sharding;

namespace Eco.Host.Hosting;

/// <summary>Composes the node's Akka configuration: <c>hocon/eco.conf</c>, then this node's values, then <c>Akka:Hocon</c> on top.</summary>
/// <remarks>Checked before the actor system starts, so a bad value stops the node at once with the path, the value and the reason
/// rather than deep inside Akka.</remarks>
internal static class EcoHocon
{
    /// <summary>The configuration key of HOCON text that overrides everything else (environment: <c>Akka__Hocon</c>).</summary>
    public const string OverrideKey = "Akka:Hocon";

    /// <summary>The lease block sharding uses in cluster mode.</summary>
    public const string ShardLeasePath = "eco.shard-lease";

    private static readonly string[] Durations =
    [
        "akka.cluster.failure-detector.heartbeat-interval",
        "akka.cluster.failure-detector.acceptable-heartbeat-pause",
        "akka.cluster.split-brain-resolver.stable-after",
        "akka.cluster.down-removal-margin",
        "akka.cluster.gossip-interval",
        "akka.cluster.sharding.retry-interval",
        "akka.cluster.sharding.lease-retry-interval",
        "akka.cluster.sharding.rebalance-interval",
        "akka.cluster.sharding.handoff-timeout",
        "akka.cluster.sharding.entity-restart-backoff",
        $"{ShardLeasePath}.heartbeat-timeout",
        $"{ShardLeasePath}.heartbeat-interval",
        $"{ShardLeasePath}.lease-operation-timeout",
        "eco.sbr-lease.heartbeat-timeout",
        "eco.sbr-lease.heartbeat-interval",
        "akka.cluster.split-brain-resolver.lease-majority.acquire-lease-delay-for-minority",
    ];

    public static Config Compose(IConfiguration configuration, ClusterOptions cluster)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", "eco.conf");
        var file = Parse(File.ReadAllText(path), path);
        var node = Parse(Render(cluster), "Eco:Cluster");
        var overrides = configuration[OverrideKey] is { Length: > 0 } text ? Parse(text, OverrideKey) : Config.Empty;
        var config = overrides.WithFallback(node).WithFallback(file);
        Validate(config);
        return config;
    }

    /// <summary>This node's values: remoting address, roles, seed nodes and (in a cluster) the shard lease.</summary>
    public static string Render(ClusterOptions cluster)
    {
        var hocon = new StringBuilder();
        // Akka's default app-version is the entry assembly's: a node hosted by another program (a test runner, a benchmark) would look
        // like a different version, and sharding neither rebalances during a "rolling update" nor allocates to older versions.
        hocon.AppendLine($"akka.cluster.app-version = {Quote(typeof(EcoHocon).Assembly.GetName().Version?.ToString(3) ?? "1.0.0")}");
        if (!cluster.Enabled)
        {
            // A cluster of one on loopback: any free port, joined to itself at start; no lease (nobody else could hold a shard).
            hocon.AppendLine("akka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }");
            hocon.AppendLine($"akka.cluster.roles = [\"eco\", {Quote("node:" + cluster.NodeId)}]");
            return hocon.ToString();
        }
        hocon.AppendLine($"akka.remote.dot-netty.tcp {{ hostname = {Quote(cluster.Host)}, public-hostname = {Quote(cluster.PublicHost ?? cluster.Host)}, port = {cluster.Port.ToString(CultureInfo.InvariantCulture)} }}");
        hocon.AppendLine($"akka.cluster.roles = [\"eco\", {Quote("node:" + cluster.NodeId)}]");
        var seeds = cluster.SeedEndpoints;
        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidSettingException($"Eco:Cluster:Seeds: '{seed}' is not a remoting endpoint like eco-0.eco-nodes:4053 (host:port)");
            }
        }
        hocon.AppendLine($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(seed => Quote($"akka.tcp://{cluster.Name}@{seed}")))}]");
        hocon.AppendLine($"akka.cluster.sharding.use-lease = {Quote(ShardLeasePath)}");
        hocon.AppendLine("akka.cluster.split-brain-resolver.active-strategy = lease-majority");
        return hocon.ToString();
    }

    private static Config Parse(string hocon, string source)
    {
        try
        {
            return ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception ex)
        {
            throw new InvalidSettingException($"{source} is not valid HOCON: {ex.Message}", ex);
        }
    }

    private static void Validate(Config config)
    {
        foreach (var path in Durations)
        {
            try
            {
                if (config.GetTimeSpan(path, null, allowInfinite: false) < TimeSpan.Zero)
                {
                    throw new FormatException("negative");
                }
            }
            catch (Exception ex)
            {
                throw new InvalidSettingException($"Akka setting {path} = '{config.GetString(path, "")}' is not a duration like 500ms or 3s ({ex.Message})", ex);
            }
        }
        var interval = config.GetTimeSpan($"{ShardLeasePath}.heartbeat-interval");
        var ttl = config.GetTimeSpan($"{ShardLeasePath}.heartbeat-timeout");
        if (interval * 2 > ttl * 3 / 4)
        {
            throw new InvalidSettingException(
                $"Akka setting {ShardLeasePath}: heartbeat-interval ({interval.TotalSeconds:0.###} s) must be at most 3/8 of heartbeat-timeout " +
                $"({ttl.TotalSeconds:0.###} s), so two renewals fit before the node fences itself at 3/4 of the lease");
        }
        var heartbeat = config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval");
        var pause = config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause");
        if (pause < heartbeat * 2)
        {
            throw new InvalidSettingException(
                $"Akka setting akka.cluster.failure-detector.acceptable-heartbeat-pause ({pause.TotalSeconds:0.###} s) must be at least twice the " +
                $"heartbeat interval ({heartbeat.TotalSeconds:0.###} s), or one late heartbeat marks a healthy node unreachable");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
