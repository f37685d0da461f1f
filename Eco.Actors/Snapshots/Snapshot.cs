using Eco.Actors.Jobs;

namespace Eco.Actors.Snapshots;

/// <summary>An entity's state saved at a seq, so recovery replays only the events after it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Seq">The last event folded into <paramref name="StateJson"/>.</param>
/// <param name="Timestamp">When it was saved.</param>
/// <param name="StateJson">The state as JSON.</param>
public sealed record Snapshot(JobId JobId, long Seq, DateTimeOffset Timestamp, string StateJson);
