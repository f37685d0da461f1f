using Eco.Actors.Jobs;

namespace Eco.Host.Hosting;

/// <summary>Thrown when a job's shard could not take the submission within the hand-off patience: the client should retry (503).</summary>
internal sealed class ShardUnavailableException(JobId job, Exception? cause)
    : Exception($"job {job}: its shard cannot take it right now (moving between nodes); retry shortly with the same Idempotency-Key", cause)
{
    public JobId JobId { get; } = job;
}
