using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>A node whose journal is PostgreSQL (cluster mode's journal): the same jobs, the same guarantees.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresNodeTests
{
    [Fact]
    public async Task Node_OnPostgres_RunsJobsAndANewNodeSeesThemAfterRestart()
    {
        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = await PostgresServer.ConnectionStringAsync(),
            ["Eco:Journal:Postgres:Schema"] = "n_" + Guid.NewGuid().ToString("N")[..12],
        };
        var jobs = new List<string>();
        await using (var first = await TestNode.StartAsync(dir.Path, TimeSpan.FromMilliseconds(1), settings))
        {
            jobs.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(i => first.SubmitChatAsync(i % 2 == 0 ? "이 페트병 어떻게 버려?" : "다 쓴 건전지는?"))));
            foreach (var job in jobs)
            {
                Assert.Equal("completed", (await first.WaitForEndAsync(job, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
            }
        }
        await using var second = await TestNode.StartAsync(Path.Combine(dir.Path, "other"), TimeSpan.FromMilliseconds(1), settings);
        foreach (var job in jobs)
        {
            var events = await second.GetEventsAsync(job);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            var (streamed, _, _) = await second.WatchAsync(job, 0, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            Assert.Equal(events.Select(e => e.Raw), streamed.Select(e => e.Raw));
        }
    }
}
