namespace Eco.Actors.Journal;

internal readonly record struct StreamHead(long LastSeq, bool Terminal);
