using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Trait("Category", "Integration")]
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task PostgresRestartsMidRun_EveryJobStillEndsOnceWithContiguousEvents()
    {
        await using var postgres = await PostgresServer.StartOwnAsync();
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, TimeSpan.FromMilliseconds(20), new Dictionary<string, string?>
        {
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = postgres.ConnectionString,
        });
        var jobs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => node.SubmitChatAsync(i % 2 == 0 ? "스티로폼 박스 버리는 방법 알려줘" : "헌 옷은 어디에 버려?")));

        await postgres.RestartAsync(TimeSpan.FromSeconds(3)); // every connection is cut; appends in flight fail and are retried

        foreach (var job in jobs)
        {
            var state = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(90));
            Assert.Equal("completed", state.GetProperty("status").GetString());
            var events = await node.GetEventsAsync(job);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        }
    }
}
