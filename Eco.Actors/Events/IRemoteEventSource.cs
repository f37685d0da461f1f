using Eco.Actors.Jobs;

namespace Eco.Actors.Events;

/// <summary>Where a node receives the events other nodes publish (the cluster's bus); a single node has none.</summary>
/// <remarks>
/// A node receives a job's remote events only while one of its watchers follows the job, so the bus sends each event to the nodes
/// that watch it, not to every node. Following is a hint for speed, never for correctness: the watcher reads the journal after it
/// follows, and fills any hole the live path leaves from the journal too.
/// </remarks>
public interface IRemoteEventSource
{
    /// <summary>
    /// Starts feeding the job's events from other nodes into the local hub, until the returned handle is disposed. Completes once
    /// they flow, or at once when they cannot yet (the bus unreachable): it keeps trying in the background meanwhile.
    /// </summary>
    ValueTask<IAsyncDisposable> FollowAsync(JobId jobId, CancellationToken cancellationToken);
}
