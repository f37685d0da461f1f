using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Host.Telemetry;
using Eco.Streams.Chat.Conversations;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>The node's front door to jobs: submits through sharding (to whichever node holds the job's shard) and reads state from the journal.</summary>
/// <remarks>Every submission names its job id, so a retried one is applied once (the entity answers "already exists"). Sharding
/// holds messages for a shard that is moving, but one can still be dropped in a hand-off: the submission is retried until
/// <see cref="ClusterOptions.HandoffPatience"/>, then the client gets 503 and retries itself.</remarks>
internal sealed class JobService(IRequiredActor<EcoRegion> region, IJournal journal, IOptions<ClusterOptions> cluster, TimeProvider time,
    NodeMetrics metrics, ILogger<JobService> logger)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    // An attempt shorter than this could not be answered anyway (and a zero or negative ask timeout would mean none at all).
    private static readonly TimeSpan MinAttempt = TimeSpan.FromMilliseconds(50);

    /// <summary>Submits a job; with an idempotency key the same key always yields the same job (or, for another request, says so).</summary>
    public async Task<(JobId JobId, SubmitOutcome Outcome)> SubmitAsync(JobSpec spec, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // Keys are per user: the same key from two users names two jobs.
        var keyHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{spec.Owner}\n{idempotencyKey}")));
        var jobId = NewJobId(spec, keyHash);
        using var activity = JobActivities.Source.StartActivity("eco.job.submit");
        activity?.SetTag(JobActivities.JobIdTag, jobId.Value);
        if (keyHash is not null && !await ClaimKeyAsync(keyHash, jobId, cancellationToken).ConfigureAwait(false))
        {
            return (jobId, new SubmitOutcome(Created: false, LastSeq: 0, DifferentRequest: true)); // the key is another job's
        }
        var jobs = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        var deadline = time.GetUtcNow() + cluster.Value.HandoffPatience;
        AskTimeoutException? unanswered = null;
        while (true)
        {
            var left = deadline - time.GetUtcNow();
            if (left < MinAttempt)
            {
                throw new ShardUnavailableException(jobId, unanswered);
            }
            try
            {
                // The submit's span, or with no tracer the request's: the job's log lines still name the caller's trace.
                var outcome = await jobs.Ask<SubmitOutcome>(new ShardingEnvelope(jobId.Value, new SubmitJob(spec, Activity.Current?.Id)),
                    left < AttemptTimeout ? left : AttemptTimeout, cancellationToken).ConfigureAwait(false);
                if (outcome.Created)
                {
                    metrics.JobSubmitted();
                }
                return (jobId, outcome);
            }
            catch (AskTimeoutException ex)
            {
                unanswered = ex;
                HostLog.SubmitRetried(logger, jobId.Value, ex.Message); // dropped in a hand-off, or the entity restarted: same job id again
            }
        }
    }

    /// <summary>Folds the job's journal into its state, or null when the job does not exist.</summary>
    public async Task<(JobState State, JobStreamInfo Stream)?> GetAsync(JobId jobId, CancellationToken cancellationToken)
    {
        if (InternalStreams.IsInternal(jobId))
        {
            return null; // Akka's own streams are not jobs
        }
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

    // A conversation's turns are named after the conversation so they share its shard; the key maps to the same job every time.
    /// <summary>
    /// Claims an idempotency key for a job, once for every node: the key's own internal stream records the job it was first used
    /// for. A conversation's turn and a job outside it get different ids from the same key (a turn's id puts it on its
    /// conversation's shard), so only the claim can tell a key reused with another conversation. True when the key is this job's.
    /// </summary>
    private Task<bool> ClaimKeyAsync(string keyHash, JobId jobId, CancellationToken cancellationToken) =>
        journal.ClaimAsync(JobId.Parse($"{InternalStreams.Prefix}key_{keyHash[..32]}"), jobId, "key.claimed", time.GetUtcNow(), null, cancellationToken);

    private static JobId NewJobId(JobSpec spec, string? keyHash)
    {
        if (spec.ConversationId is { } conversation && ConversationIds.TryGetStream(conversation, out var stream, out _))
        {
            return keyHash is null ? ConversationIds.NewJob(stream) : ConversationIds.JobForKey(stream, keyHash);
        }
        return keyHash is null ? JobId.New() : JobId.Parse("k" + keyHash[..31]);
    }
}
