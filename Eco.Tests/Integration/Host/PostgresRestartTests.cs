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

    [Fact]
    public async Task NodeStartedWhileItsDatabaseIsDown_IsNotReadyUntilItAnswers_ThenServesJobs()
    {
        await using var postgres = await PostgresServer.StartOwnAsync();
        await postgres.StopAsync();
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, TimeSpan.FromMilliseconds(5), new Dictionary<string, string?>
        {
            ["Eco:Journal:Provider"] = "postgres",
            ["Eco:Journal:Postgres:ConnectionString"] = postgres.ConnectionString,
        });
        using (var notReady = await node.Http.GetAsync("readyz"))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("waiting for the journal's database", await notReady.Content.ReadAsStringAsync());
        }

        await postgres.StartAsync(); // the journal was retrying all along: it opens without the node being restarted
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await node.Http.GetAsync("readyz", deadline.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(100, deadline.Token);
        }
        var job = await node.SubmitChatAsync("우유팩 버리는 법");
        var state = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var events = await node.GetEventsAsync(job);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }
}
