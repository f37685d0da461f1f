using Eco.Host.Chaos;

namespace Eco.Tests.Unit.Chaos;

/// <summary>The chaos checker must see every kind of loss and repeat; a checker that cannot fail proves nothing.</summary>
public sealed class InvariantCheckerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static List<JournalEvent> Journal(params (string Type, string? Stage, int Ms)[] events) =>
        [.. events.Select((e, i) => new JournalEvent(i + 1, e.Type, e.Stage, T0.AddMilliseconds(e.Ms)))];

    private static readonly List<JournalEvent> Good = Journal(
        ("job.accepted", null, 0), ("stage.started", "classify", 1), ("stage.completed", "classify", 100),
        ("stage.started", "answer", 101), ("token", "answer", 150), ("stage.completed", "answer", 300), ("job.completed", null, 301));

    private static ChaosVerdict Check(IReadOnlyList<long> received, List<JournalEvent> journal, params (string Key, int Ms)[] requests) =>
        InvariantChecker.Check(
            [new ObservedJob("j1", received, Reconnects: 1)],
            new Dictionary<string, IReadOnlyList<JournalEvent>> { ["j1"] = journal },
            key => [.. requests.Where(r => r.Key == key).Select(r => T0.AddMilliseconds(r.Ms))]);

    [Fact]
    public void CleanRun_HasNoViolation_AndCountsWhatItChecked()
    {
        var verdict = Check([1, 2, 3, 4, 5, 6, 7], Good, ("j1:classify", 0), ("j1:classify", 50), ("j1:answer", 101));

        Assert.Equal(0, verdict.Violations);
        Assert.Equal(1, verdict.Completed);
        Assert.Equal(2, verdict.ModelStepsChecked);
        Assert.Equal(7, verdict.EventsReceived);
    }

    [Fact]
    public void EventNeverReceived_IsMissing()
    {
        var verdict = Check([1, 2, 3, 5, 6, 7], Good);
        Assert.Equal(1, verdict.MissingAtClients);
        Assert.Contains(verdict.Examples, e => e.Contains("never received seq 4", StringComparison.Ordinal));
    }

    [Fact]
    public void EventReceivedTwice_IsADuplicate()
    {
        var verdict = Check([1, 2, 3, 3, 4, 5, 6, 7], Good);
        Assert.Equal(1, verdict.DuplicatesAtClients);
        Assert.Equal(1, verdict.Violations);
    }

    [Fact]
    public void EventReceivedLate_IsOutOfOrder()
    {
        var verdict = Check([1, 2, 4, 3, 5, 6, 7], Good);
        Assert.Equal(1, verdict.OutOfOrderAtClients);
    }

    [Fact]
    public void JobWithoutTerminalEvent_IsUnfinished()
    {
        var verdict = Check([1, 2, 3, 4], Good.Take(4).ToList());
        Assert.Equal(1, verdict.Unfinished);
        Assert.Equal(0, verdict.Completed);
        Assert.Equal(["j1"], verdict.UnfinishedJobIds); // whose node log lines the run prints
        // Where it stopped: its last events, oldest first.
        Assert.Contains("j1: accepted but no terminal event after 4 events (last: 2 stage.started classify 12:00:00.001, " +
            "3 stage.completed classify 12:00:00.100, 4 stage.started answer 12:00:00.101)", verdict.Examples);
    }

    [Fact]
    public void TwoTerminalEvents_OrAGapInTheJournal_AreViolations()
    {
        var twoTerminals = Journal(("job.accepted", null, 0), ("job.failed", null, 1), ("job.completed", null, 2));
        Assert.Equal(1, Check([1, 2, 3], twoTerminals).JournalTerminalFaults);

        var gap = Good.Select(e => e.Seq >= 4 ? e with { Seq = e.Seq + 1 } : e).ToList();
        Assert.Equal(1, Check([.. gap.Select(e => e.Seq)], gap).JournalGaps);
    }

    [Fact]
    public void ModelAskedForAStepAfterItWasJournaledDone_IsARepeatedCall_AndAStageCompletedTwiceIsCaught()
    {
        var verdict = Check([1, 2, 3, 4, 5, 6, 7], Good, ("j1:classify", 0), ("j1:classify", 250), ("j1:answer", 101));
        Assert.Equal(1, verdict.RepeatedModelCalls);
        // The example carries what it takes to tell a zombie call from a late-recorded one: the stage's journal and every request.
        var example = Assert.Single(verdict.Examples, e => e.Contains("classify", StringComparison.Ordinal));
        Assert.Contains("3 stage.completed 12:00:00.100", example, StringComparison.Ordinal);
        Assert.Contains("requests at: 12:00:00.000, 12:00:00.250", example, StringComparison.Ordinal);
        Assert.DoesNotContain("answer", example, StringComparison.Ordinal);

        var twice = Journal(("job.accepted", null, 0), ("stage.completed", "classify", 10), ("stage.completed", "classify", 20), ("job.completed", null, 30));
        Assert.Equal(1, Check([1, 2, 3, 4], twice).StagesCompletedTwice);
    }

    [Fact]
    public void CleanFailure_IsCountedWithItsReason_NotAsAViolation()
    {
        var failed = Journal(("job.accepted", null, 0), ("job.failed", null, 5)).Select(e => e.Type == "job.failed" ? e with { Reason = "stage answer: HTTP 500" } : e).ToList();
        var verdict = Check([1, 2], failed);
        Assert.Equal(0, verdict.Violations);
        Assert.Equal(1, verdict.Failed);
        Assert.Equal(1, verdict.FailureReasons["stage answer: HTTP 500"]);
    }
}
