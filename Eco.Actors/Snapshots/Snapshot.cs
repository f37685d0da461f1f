using Eco.Actors.Jobs;

namespace Eco.Actors.Snapshots;

/// <summary>An entity's state saved at a seq, so recovery replays only the events after it.</summary>
/// <param name="JobId">The stream.</param>
/// <param name="Seq">The last event folded into <paramref name="State"/>.</param>
/// <param name="Timestamp">When it was saved.</param>
/// <param name="Manifest">What <paramref name="State"/> holds, as the Akka plugin wrote it (null: a job's state as JSON, the only
/// kind snapshots written before the plugin existed hold).</param>
/// <param name="State">The state as text.</param>
public sealed record Snapshot(JobId JobId, long Seq, DateTimeOffset Timestamp, string? Manifest, string State);
