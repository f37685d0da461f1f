using System.CommandLine;
using Eco.Host.Chaos;

namespace Eco.Host.Cli;

/// <summary><c>eco chaos</c>: a bounded chaos scenario on a local cluster, then the invariant check; exits 1 on any violation.</summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Cluster nodes to start (child processes).", DefaultValueFactory = _ => 3 };
        var vus = new Option<int>("--vus") { Description = "Virtual users (each: submit, watch to the end reconnecting by last seq, repeat).", DefaultValueFactory = _ => 40 };
        var duration = new Option<double>("--duration") { Description = "Seconds of load and kills (longer when --min-kills needs it).", DefaultValueFactory = _ => 260 };
        var drain = new Option<double>("--drain") { Description = "Most seconds to wait for jobs in flight afterwards.", DefaultValueFactory = _ => 90 };
        var killEvery = new Option<double>("--kill-every") { Description = "Seconds between kill -9 of a random node.", DefaultValueFactory = _ => 20 };
        var downFor = new Option<double>("--down-for") { Description = "Seconds a killed node stays down before its restart.", DefaultValueFactory = _ => 5 };
        var stormAt = new Option<double>("--storm-at") { Description = "Second at which a fake-LLM fault storm starts (429s, 500s, broken streams); negative for none.", DefaultValueFactory = _ => 30 };
        var stormFor = new Option<double>("--storm-for") { Description = "Seconds the storm lasts.", DefaultValueFactory = _ => 20 };
        var latency = new Option<double>("--latency") { Description = "Fake LLM ms to first token (each call takes this to twice this).", DefaultValueFactory = _ => 300 };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL connection string (default: $ECO_CHAOS_POSTGRES). The run uses its own schema and drops it afterwards.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ECO_CHAOS_POSTGRES") ?? "",
        };
        var postgresDataDir = new Option<string?>("--postgres-data-dir") { Description = "That PostgreSQL's data directory: lets the run restart it with pg_ctl (scripts/chaos.sh passes it)." };
        var redis = new Option<string?>("--redis")
        {
            Description = "Redis endpoint (default: $ECO_CHAOS_REDIS; if unset, the run starts its own redis-server, which it can restart). The run uses its own cluster name.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ECO_CHAOS_REDIS"),
        };
        var leaveAt = new Option<double>("--leave-at") { Description = "Second at which a random node leaves gracefully (and rejoins after --down-for); negative for none.", DefaultValueFactory = _ => 110 };
        var redisRestartAt = new Option<double>("--redis-restart-at") { Description = "Second at which Redis is killed and restarted (needs a Redis of the run's own); negative for none.", DefaultValueFactory = _ => 70 };
        var postgresRestartAt = new Option<double>("--postgres-restart-at") { Description = "Second at which PostgreSQL is stopped and restarted (needs --postgres-data-dir); negative for none.", DefaultValueFactory = _ => 150 };
        var freezeAt = new Option<double>("--freeze-at")
        {
            Description = "Second at which a random node is frozen (SIGSTOP) past its lease, then thawed: its shards must move and, thawed, it must repeat no model call and append nothing; negative for none.",
            DefaultValueFactory = _ => 130,
        };
        var minKills = new Option<int>("--min-kills")
        {
            Description = "Kills to make at least: the load runs past --duration (at most twice it) until there were this many.",
            DefaultValueFactory = _ => 10,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of victims and faults.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var chaos = new Command("chaos", "kill -9 nodes of a local cluster and storm the model while users run jobs, then check every journal and client stream: nothing lost, nothing repeated. Exit 1 on any violation.")
        {
            nodes, vus, duration, drain, killEvery, downFor, stormAt, stormFor, leaveAt, redisRestartAt, postgresRestartAt, freezeAt, minKills, latency, postgres, postgresDataDir, redis, seed, json,
        };
        chaos.SetAction(async (parse, cancellationToken) =>
        {
            var connection = parse.GetValue(postgres)!;
            if (connection.Length == 0)
            {
                await Console.Error.WriteLineAsync("eco chaos: give a PostgreSQL connection string with --postgres or ECO_CHAOS_POSTGRES (scripts/chaos.sh starts one).");
                return 2;
            }
            if (parse.GetValue(nodes) < 2)
            {
                await Console.Error.WriteLineAsync("eco chaos: --nodes must be at least 2, so that a survivor can take over.");
                return 2;
            }
            static TimeSpan? At(double seconds) => seconds < 0 ? null : TimeSpan.FromSeconds(seconds);
            var externalRedis = parse.GetValue(redis);
            var dataDir = parse.GetValue(postgresDataDir);
            if (At(parse.GetValue(redisRestartAt)) is not null && !string.IsNullOrEmpty(externalRedis))
            {
                await Console.Error.WriteLineAsync("eco chaos: cannot restart a Redis it did not start; drop --redis (and ECO_CHAOS_REDIS) or pass --redis-restart-at -1.");
                return 2;
            }
            if (At(parse.GetValue(postgresRestartAt)) is not null && string.IsNullOrEmpty(dataDir))
            {
                await Console.Error.WriteLineAsync("eco chaos: restarting PostgreSQL needs its data directory: pass --postgres-data-dir or --postgres-restart-at -1.");
                return 2;
            }
            var options = new ChaosOptions(parse.GetValue(nodes), parse.GetValue(vus), TimeSpan.FromSeconds(parse.GetValue(duration)),
                TimeSpan.FromSeconds(parse.GetValue(drain)), TimeSpan.FromSeconds(parse.GetValue(killEvery)), TimeSpan.FromSeconds(parse.GetValue(downFor)),
                At(parse.GetValue(stormAt)), TimeSpan.FromSeconds(parse.GetValue(stormFor)), TimeSpan.FromMilliseconds(parse.GetValue(latency)),
                At(parse.GetValue(leaveAt)), At(parse.GetValue(redisRestartAt)), At(parse.GetValue(postgresRestartAt)), Seed: parse.GetValue(seed),
                FreezeAt: At(parse.GetValue(freezeAt)), MinKills: parse.GetValue(minKills));
            await using var infrastructure = await LocalInfrastructure.StartAsync(externalRedis, connection, dataDir);
            var report = await new ChaosRunner(options, infrastructure, Console.Error).RunAsync(cancellationToken);
            Console.WriteLine(parse.GetValue(json) ? report.ToJson() : report.ToTable());
            return report.Violations == 0 ? 0 : 1;
        });
        return chaos;
    }
}
