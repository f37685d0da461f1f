using Eco.Actors.Journal;
using Eco.Actors.Snapshots;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Jobs;

/// <summary>What every job entity on a node shares: storage, pipeline, settings and a cap on concurrent recoveries.</summary>
/// <param name="Journal">The event journal (it puts committed events live itself).</param>
/// <param name="Snapshots">The snapshot store.</param>
/// <param name="Pipeline">The work a job runs.</param>
/// <param name="Options">Entity settings.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">The log.</param>
public sealed record JobEntityServices(
    IJournal Journal, ISnapshotStore Snapshots, IJobPipeline Pipeline,
    JobEntityOptions Options, TimeProvider Time, ILogger Logger)
{
    /// <summary>Which jobs this node may write, and the fence their appends carry (single node: all, unfenced).</summary>
    public Sharding.IShardOwnership Ownership { get; init; } = Sharding.LocalOwnership.Instance;

    /// <summary>Told when a job ends (for example to close a conversation turn). Best effort: a failure here is logged, not fatal.</summary>
    public IJobObserver Observer { get; init; } = IJobObserver.None;

    /// <summary>Limits replays running at once, so a node that wakes thousands of jobs does not flood the journal.</summary>
    public SemaphoreSlim RecoveryGate { get; } = new(Options.MaxConcurrentRecoveries, Options.MaxConcurrentRecoveries);
}
