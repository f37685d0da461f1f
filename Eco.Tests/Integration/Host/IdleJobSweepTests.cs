using Eco.Actors.Jobs;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Trait("Category", "Integration")]
public sealed class IdleJobSweepTests
{
    [Fact]
    public async Task UnfinishedJob_NothingRestarted_IsWokenByTheSweep_AndRunsToItsAnswer()
    {
        using var dir = new TempDirectory();
        var job = JobId.New();
        await using (var journal = JournalTest.Open(Path.Combine(dir.Path, "eco.db")))
        {
            await JournalTest.AppendAcceptedLongAgoAsync(journal, job, "페트병은 어떻게 버려요?");
        }

        await using var node = await TestNode.StartAsync(dir.Path, settings: new Dictionary<string, string?>
        {
            ["Eco:Jobs:ResumeIdleAfter"] = "00:00:04", // sweeps every second
        });
        var state = await node.WaitForEndAsync(job.Value, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(state.GetProperty("answer").GetString()));
        var events = await node.GetEventsAsync(job.Value);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        Assert.Single(events, e => e.Type == "job.accepted");
    }
}
