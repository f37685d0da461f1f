namespace Eco.Actors.Journal;

/// <summary>What a group-committing journal adapter counts (benchmarks and tests read it).</summary>
internal interface IJournalCounters
{
    /// <summary>Transactions committed.</summary>
    long Commits { get; }

    /// <summary>Events durably appended.</summary>
    long AppendedEvents { get; }
}
