using Eco.Actors;
using Eco.Host.Chaos;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Chaos;

/// <summary>A failed chaos run prints what the nodes logged about each job that never ended, from real log files.</summary>
public sealed class NodeLogExcerptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UnfinishedJob_ItsLinesFromEveryNodeArePrinted_AndNoOthers()
    {
        using var dir = new TempDirectory();
        var a = dir.File("a.log");
        var b = dir.File("b.log");
        await File.WriteAllLinesAsync(a, ["04:13:51 warn: Entity k477 failed (1 restarts in the window): the journal failed a write", "04:13:52 info: something else"]);
        await File.WriteAllLinesAsync(b, ["04:13:57 warn: Entity k477 restarting in 200 ms", $"04:14:00 warn: job j9 {new string('x', 500)}"]);
        using var output = new StringWriter();

        await NodeLogExcerpt.WriteAsync([("node-a", a), ("node-b", b), ("node-c", dir.File("never-started.log"))], ["k477", "j9"], "never ended", output, default);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("eco chaos: k477 never ended; 2 node log lines name it", lines[0]);
        Assert.Equal("node-a: 04:13:51 warn: Entity k477 failed (1 restarts in the window): the journal failed a write", lines[1]);
        Assert.Equal("node-b: 04:13:57 warn: Entity k477 restarting in 200 ms", lines[2]);
        Assert.Equal("eco chaos: j9 never ended; 1 node log lines name it", lines[3]);
        Assert.EndsWith("xxx…", lines[4]); // a long line is cut
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task JobsStartedByTheIdleSweep_AreFoundInEveryNodesLog_OnceEach()
    {
        // The lines as a node's single-line console log writes the job actor's real warning.
        var logger = new XunitLogger(output);
        var messages = new List<string>();
        logger.Logged += (_, message) => messages.Add(message);
        ActorsLog.JobStartedBySweep(logger, "k47757567e64d56027d73e9eb260c43e", 2);
        ActorsLog.JobStartedBySweep(logger, "conv_0a__j2", 9);
        ActorsLog.JobStartedBySweep(logger, "k47757567e64d56027d73e9eb260c43e", 4);
        using var dir = new TempDirectory();
        var a = dir.File("a.log");
        var b = dir.File("b.log");
        await File.WriteAllLinesAsync(a,
        [
            $"05:01:10 warn: Eco.Actors.Jobs.JobActor[1017] {messages[0]}",
            "05:01:11 warn: Eco.Host.Hosting.IdleJobSweeper[3032] Woke 1 unfinished job(s) with no event for 00:00:20 (first: k47757567e64d56027d73e9eb260c43e)",
        ]);
        await File.WriteAllLinesAsync(b, [$"05:02:00 warn: Eco.Actors.Jobs.JobActor[1017] {messages[1]}", $"05:02:30 warn: Eco.Actors.Jobs.JobActor[1017] {messages[2]}"]);

        var jobs = await NodeLogExcerpt.StartedBySweepAsync([("node-a", a), ("node-b", b), ("node-c", dir.File("never-started.log"))], default);

        Assert.Equal(["k47757567e64d56027d73e9eb260c43e", "conv_0a__j2"], jobs);
    }
}
