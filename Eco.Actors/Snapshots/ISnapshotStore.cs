using Eco.Actors.Jobs;

namespace Eco.Actors.Snapshots;

/// <summary>Stores entity snapshots; only the latest is ever loaded.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves the state as of <paramref name="seq"/>; durable when the task completes.</summary>
    /// <param name="jobId">The stream.</param>
    /// <param name="seq">The last event folded into the state.</param>
    /// <param name="manifest">What the state is (null: a job's state as JSON); see <see cref="Snapshot.Manifest"/>.</param>
    /// <param name="state">The state as text.</param>
    /// <param name="cancellationToken">Stops waiting (a queued save still happens).</param>
    Task SaveAsync(JobId jobId, long seq, string? manifest, string state, CancellationToken cancellationToken);

    /// <summary>Loads the snapshot with the highest seq, or null.</summary>
    Task<Snapshot?> LoadLatestAsync(JobId jobId, CancellationToken cancellationToken);

    /// <summary>Deletes the stream's snapshots with a seq from <paramref name="minSeq"/> to <paramref name="maxSeq"/> inclusive.</summary>
    Task DeleteAsync(JobId jobId, long minSeq, long maxSeq, CancellationToken cancellationToken);
}
