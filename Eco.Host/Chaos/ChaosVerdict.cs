namespace Eco.Host.Chaos;

/// <summary>The counts of a chaos run's check; any non-zero violation count fails the run.</summary>
internal sealed record ChaosVerdict(
    int Accepted, int Completed, int Failed, int Unfinished,
    long EventsInJournal, long EventsReceived, long MissingAtClients, long DuplicatesAtClients, long OutOfOrderAtClients,
    int JournalGaps, int JournalTerminalFaults, int StagesCompletedTwice, int ModelStepsChecked, int RepeatedModelCalls,
    IReadOnlyList<string> Examples, IReadOnlyDictionary<string, int> FailureReasons)
{
    /// <summary>The jobs that never ended, for a look at what the nodes logged about them.</summary>
    public IReadOnlyList<string> UnfinishedJobIds { get; init; } = [];

    public long Violations => Unfinished + MissingAtClients + DuplicatesAtClients + OutOfOrderAtClients
        + JournalGaps + JournalTerminalFaults + StagesCompletedTwice + RepeatedModelCalls;
}
