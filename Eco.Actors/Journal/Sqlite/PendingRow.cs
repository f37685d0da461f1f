using Eco.Actors.Jobs;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>One event row decided for this batch.</summary>
internal readonly record struct PendingRow(JobId JobId, long Seq, EventData Event);
