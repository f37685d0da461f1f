using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Collection(ChildProcessCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests
{
    private static readonly string[] Questions =
    [
        "이 페트병 어떻게 버려?", "깨진 유리컵은 어디에 버려요?", "다 쓴 형광등 버리는 법", "우유팩 분리배출 방법", "헌 옷은 어디에 버려?",
    ];

    [Fact]
    public async Task KillDash9_WhileJobsRun_EveryAcceptedJobEndsOnceWithContiguousEventsAndNoStageRunsTwice()
    {
        using var dir = new TempDirectory();
        var port = NodeProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Eco__Llm__Local__TokenDelay"] = "00:00:00.025" };
        var jobIds = new List<string>();

        await using (var first = await NodeProcess.StartAsync(dir.Path, port, environment))
        {
            for (var i = 0; i < 40; i++)
            {
                jobIds.Add(await first.SubmitChatAsync(Questions[i % Questions.Length]));
            }
            // Kill only once answers are mid-stream, so the crash really interrupts journaled work.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await first.GetEventsAsync(jobIds[^1])).Count(e => e.Type == "token") < 3)
            {
                await Task.Delay(20, deadline.Token);
            }
            first.KillHard();
        }

        await using var second = await NodeProcess.StartAsync(dir.Path, port, environment);
        var interrupted = 0;
        foreach (var jobId in jobIds)
        {
            var state = await second.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
            Assert.Equal("completed", state.GetProperty("status").GetString());
            var events = await second.GetEventsAsync(jobId);
            Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
            var completed = events.Where(e => e.Type == "stage.completed").GroupBy(e => e.Stage).ToList();
            Assert.Contains(completed, g => g.Key == "answer");
            Assert.All(completed, g => Assert.Single(g)); // no stage, and so no model call behind it, ran to completion twice
            if (events.Any(e => e.Type == "stage.started" && e.Raw.Contains("\"resumed\":true")))
            {
                interrupted++;
            }
        }
        Assert.True(interrupted > 0, "the kill interrupted no job mid-stage; the test proved nothing");
    }
}
