using System.Security.Cryptography;
using System.Text;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Host.Hosting;

/// <summary>The node's front door to jobs: submits through the entity region and reads state from the journal.</summary>
internal sealed class JobService(EntityRegion<IJobMessage> region, IJournal journal)
{
    private static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Submits a job; with an idempotency key the same key always yields the same job.</summary>
    public async Task<(JobId JobId, bool Created)> SubmitAsync(JobSpec spec, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var jobId = idempotencyKey is null ? JobId.New() : JobIdFromKey(idempotencyKey);
        var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await region.TellAsync(jobId, new SubmitJob(spec, reply), cancellationToken).ConfigureAwait(false);
        var outcome = await reply.Task.WaitAsync(SubmitTimeout, cancellationToken).ConfigureAwait(false);
        return (jobId, outcome.Created);
    }

    /// <summary>Folds the job's journal into its state, or null when the job does not exist.</summary>
    public async Task<(JobState State, JobStreamInfo Stream)?> GetAsync(JobId jobId, CancellationToken cancellationToken)
    {
        var stream = await journal.GetStreamAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }
        var state = JobState.Empty(jobId);
        await foreach (var entry in journal.ReadAllAsync(jobId, 0, 1000, cancellationToken).ConfigureAwait(false))
        {
            state = JobStateFold.Apply(state, entry);
        }
        return (state, stream with { LastSeq = state.LastSeq });
    }

    // The key maps to a job id deterministically, so a retried POST finds the job its first attempt created, even after a restart.
    private static JobId JobIdFromKey(string key) =>
        JobId.Parse("k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..31]);
}
