using Eco.Tests.Support;
using Eco.Host.Chaos;
using Eco.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace Eco.Tests.MultiNode;

/// <summary>
/// The short chaos scenario of the suite: three real <c>eco serve</c> processes on a private PostgreSQL and Redis, users reconnecting
/// by last seq, kill -9 of nodes, a fault storm, a node frozen past its lease, a Redis restart, a PostgreSQL restart and a graceful
/// leave, then the invariant check.
/// </summary>
[Collection(ChildProcessCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class ChaosScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortScenario_KillsRestartsLeaveAndStorm_LoseAndRepeatNothing()
    {
        await using var redis = await RedisServer.StartOwnAsync();
        await using var postgres = await PostgresServer.StartOwnAsync();
        var infrastructure = new TestInfrastructure(redis, postgres);
        // Node disruptions take turns (kills from 6 s, then the leave, then the freeze, each until its node is back), while the load,
        // the storm and the Redis and PostgreSQL restarts go on beside them.
        var options = new ChaosOptions(Nodes: 3, Vus: 16, Duration: TimeSpan.FromSeconds(40), Drain: TimeSpan.FromSeconds(60),
            KillEvery: TimeSpan.FromSeconds(6), DownFor: TimeSpan.FromSeconds(2), StormAt: TimeSpan.FromSeconds(3), StormFor: TimeSpan.FromSeconds(5),
            Latency: TimeSpan.FromMilliseconds(150), LeaveAt: TimeSpan.FromSeconds(20), RedisRestartAt: TimeSpan.FromSeconds(12),
            PostgresRestartAt: TimeSpan.FromSeconds(16), Seed: 7, FreezeAt: TimeSpan.FromSeconds(26),
            MinKills: 2); // a slow restart on a busy machine must not crowd the second kill out
        var log = new StringWriter();
        var progress = TextWriter.Synchronized(log);

        var report = await new ChaosRunner(options, infrastructure, progress).RunAsync(default);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToTable());

        Assert.True(report.Violations == 0, report.ToTable());
        var verdict = report.Verdict;
        Assert.True(verdict.Accepted >= 100, $"only {verdict.Accepted} jobs ran");
        Assert.Equal(verdict.Accepted, verdict.Completed + verdict.Failed);
        Assert.True(verdict.ModelStepsChecked >= verdict.Accepted, "the repeated-call check looked at too few steps");
        Assert.Equal(verdict.EventsInJournal, verdict.EventsReceived);
        Assert.True(report.ClientReconnects > 0, "no client was cut off: the kills proved nothing");
        Assert.True(report.Disruptions.Count(d => d.Kind == "kill -9") >= 2, "fewer than two nodes were killed");
        Assert.Contains(report.Disruptions, d => d.Kind == "redis restart");
        Assert.Contains(report.Disruptions, d => d.Kind == "postgres restart");
        Assert.Contains(report.Disruptions, d => d.Kind == "leave" && d.Recovered is not null);
        Assert.Contains(report.Disruptions, d => d.Kind == "freeze" && d.Recovered is not null);
        Assert.NotNull(report.TakeoverMax); // at least one kill interrupted jobs that resumed elsewhere
        Assert.True(report.TakeoverMax < TimeSpan.FromSeconds(8), $"takeover took {report.TakeoverMax}");
        Assert.True(report.Storm is { Faults: > 0 }, "the storm injected no fault");
    }

    private sealed class TestInfrastructure(RedisServer redis, PostgresServer.PrivatePostgres postgres) : IChaosInfrastructure
    {
        public string Redis => redis.Endpoint;
        public string Postgres => postgres.ConnectionString;
        public Func<TimeSpan, Task>? RestartRedis => redis.RestartAsync;
        public Func<TimeSpan, Task>? RestartPostgres => postgres.RestartAsync;
    }
}
