using Eco.Actors.Jobs;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.Integration.Llm;

[Collection(ChildProcessCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LlmCrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly string[] ModelStages = ["classify", "answer"];

    [Fact]
    public async Task KillDash9_MidJobs_NoJournaledModelCallIsMadeAgainAfterRestart()
    {
        using var dir = new TempDirectory();
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(150), tokensPerSecond: 60);
        var environment = FakeProvider.Chain(server, "fake-gpt").ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value!);
        var port = NodeProcess.FreePort();
        var jobIds = new List<string>();

        await using (var first = await NodeProcess.StartAsync(dir.Path, port, environment))
        {
            foreach (var i in Enumerable.Range(0, 20))
            {
                jobIds.Add(await first.SubmitChatAsync(i % 2 == 0 ? "이 페트병 어떻게 버려?" : "헌 옷은 어디에 버려?"));
            }
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await first.GetEventsAsync(jobIds[^1])).Count(e => e.Type == "token") < 2)
            {
                await Task.Delay(20, deadline.Token);
            }
            first.KillHard();
        }

        // What the journal held at the moment of the crash: these model steps are done and must never be called again.
        var journaled = new List<(string Job, string Stage)>();
        await using (var journal = JournalTest.Open(Path.Combine(dir.Path, "eco.db")))
        {
            foreach (var jobId in jobIds)
            {
                var events = await journal.ReadAsync(JobId.Parse(jobId), 0, 10_000, default);
                journaled.AddRange(events.Where(e => e.Type == "stage.completed" && ModelStages.Contains(e.Stage)).Select(e => (jobId, e.Stage!)));
            }
        }
        var callsBefore = journaled.ToDictionary(j => j, j => server.Stats.CompletedCalls($"{j.Job}:{j.Stage}"));

        await using var second = await NodeProcess.StartAsync(dir.Path, port, environment);
        var resumedStages = 0;
        foreach (var jobId in jobIds)
        {
            var state = await second.WaitForEndAsync(jobId, TimeSpan.FromSeconds(90));
            Assert.Equal("completed", state.GetProperty("status").GetString());
            var events = await second.GetEventsAsync(jobId);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            resumedStages += events.Count(e => e.Type == "stage.started" && e.Raw.Contains("\"resumed\":true"));
        }
        foreach (var ((job, stage), before) in callsBefore)
        {
            Assert.Equal(before, server.Stats.CompletedCalls($"{job}:{stage}")); // not one more call after the restart
        }
        var repeatedInFlight = jobIds.SelectMany(j => ModelStages.Select(s => server.Stats.CompletedCalls($"{j}:{s}"))).Count(n => n > 1);
        output.WriteLine($"{journaled.Count} model steps journaled before the kill, none called again; {resumedStages} stages resumed; " +
                         $"{repeatedInFlight} calls in flight at the kill were made again (their results had not been journaled)");
        Assert.NotEmpty(journaled);
        Assert.True(resumedStages > 0, "the kill interrupted no stage; the test proved nothing");
    }
}
