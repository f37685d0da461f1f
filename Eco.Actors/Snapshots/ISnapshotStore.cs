using Eco.Actors.Jobs;

namespace Eco.Actors.Snapshots;

/// <summary>Stores entity snapshots; only the latest is ever loaded.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves the state as of <paramref name="seq"/>; durable when the task completes.</summary>
    Task SaveAsync(JobId jobId, long seq, string stateJson, CancellationToken cancellationToken);

    /// <summary>Loads the snapshot with the highest seq, or null.</summary>
    Task<Snapshot?> LoadLatestAsync(JobId jobId, CancellationToken cancellationToken);
}
