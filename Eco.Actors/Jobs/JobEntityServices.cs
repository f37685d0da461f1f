using Eco.Actors.Sharding;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Jobs;

/// <summary>What every job actor on a node shares: the pipeline, settings, the clock, the shard fences and the log.</summary>
/// <param name="Pipeline">The work a job runs.</param>
/// <param name="Options">Job settings.</param>
/// <param name="Time">The clock of events and stage timeouts.</param>
/// <param name="Logger">The log.</param>
public sealed record JobEntityServices(IJobPipeline Pipeline, JobEntityOptions Options, TimeProvider Time, ILogger Logger)
{
    /// <summary>Whether this node may still act for a job (in a cluster: it holds the job's shard under a live lease).</summary>
    public ShardFences Fences { get; init; } = ShardFences.Unenforced;

    /// <summary>Told when a job ends (for example to close a conversation turn).</summary>
    public IJobObserver Observer { get; init; } = IJobObserver.None;
}
