using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Streams.Chat.Conversations;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>The node's front door to jobs: runs a submission on the job's owner (here, or forwarded) and reads state from the journal.</summary>
/// <remarks>Every submission carries its job id from the node that received it, so a forwarded or retried submission is applied once
/// (the entity answers "already exists"). While a shard has no owner (handoff), the submission waits and retries; it is never dropped.</remarks>
internal sealed class JobService(EntityRegion<IJobMessage> region, IJournal journal, IShardOwnership ownership, IHttpClientFactory http,
    IOptions<ClusterOptions> cluster, ILogger<JobService> logger)
{
    public const string ForwardedJobHeader = "X-Eco-Job-Id";
    public const string HopsHeader = "X-Eco-Hops";
    private const int MaxHops = 3;
    private static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Submits a job; with an idempotency key the same key always yields the same job.</summary>
    public async Task<(JobId JobId, bool Created)> SubmitAsync(JobSpec spec, string? idempotencyKey, JobId? forwardedId, int hops,
        CancellationToken cancellationToken)
    {
        var jobId = forwardedId ?? NewJobId(spec, idempotencyKey);
        var deadline = DateTimeOffset.UtcNow + cluster.Value.HandoffPatience;
        while (true)
        {
            if (ownership.IsLocal(jobId))
            {
                try
                {
                    var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                    await region.TellAsync(jobId, new SubmitJob(spec, reply), cancellationToken).ConfigureAwait(false);
                    var outcome = await reply.Task.WaitAsync(SubmitTimeout, cancellationToken).ConfigureAwait(false);
                    return (jobId, outcome.Created);
                }
                catch (Exception ex) when (!ownership.IsLocal(jobId))
                {
                    // the shard moved away while we were submitting: find its new owner (or tell the client to retry: 503)
                    ThrowIfPast(deadline, jobId, ex);
                }
            }
            else if (ownership.OwnerOf(jobId) is { } owner)
            {
                if (hops >= MaxHops)
                {
                    // Nodes with stale views sent it around: answer at once (503) so the first node retries on a fresh view,
                    // instead of holding every hop of the chain until the patience ends.
                    throw new ShardUnavailableException(jobId, cause: null);
                }
                try
                {
                    return (jobId, await ForwardAsync(owner, jobId, spec, hops + 1, cancellationToken).ConfigureAwait(false));
                }
                catch (HttpRequestException ex)
                {
                    // the owner is going away; the shard will have a new one shortly (or tell the client to retry: 503)
                    HostLog.ForwardFailed(logger, jobId.Value, owner.NodeId, ex.Message);
                    ThrowIfPast(deadline, jobId, ex);
                }
            }
            ThrowIfPast(deadline, jobId, cause: null);
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ThrowIfPast(DateTimeOffset deadline, JobId jobId, Exception? cause)
    {
        if (DateTimeOffset.UtcNow >= deadline)
        {
            throw new ShardUnavailableException(jobId, cause);
        }
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

    private async Task<bool> ForwardAsync(NodeInfo owner, JobId jobId, JobSpec spec, int hops, CancellationToken cancellationToken)
    {
        var client = http.CreateClient("eco-forward");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(owner.Address.TrimEnd('/') + "/"), "v1/jobs"))
        {
            Content = JsonContent.Create(new Dictionary<string, object?>
            {
                ["kind"] = spec.Kind,
                ["message"] = spec.Message,
                ["conversation_id"] = spec.ConversationId,
                ["busy_policy"] = spec.BusyPolicy,
                ["image_url"] = spec.ImageUrl,
                ["location"] = spec.Location is { } l ? new { latitude = l.Latitude, longitude = l.Longitude } : null,
            }),
        };
        request.Headers.Add(ForwardedJobHeader, jobId.Value);
        request.Headers.Add(HopsHeader, hops.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"owner {owner.NodeId} answered {(int)response.StatusCode}");
        }
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return body.RootElement.GetProperty("created").GetBoolean();
    }

    // A conversation's turns are named after the conversation so they share its shard; the key maps to the same job every time.
    private static JobId NewJobId(JobSpec spec, string? idempotencyKey)
    {
        var keyHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        if (spec.ConversationId is { } conversation && ConversationIds.TryGetStream(conversation, out var stream, out _))
        {
            return keyHash is null ? ConversationIds.NewJob(stream) : ConversationIds.JobForKey(stream, keyHash);
        }
        return keyHash is null ? JobId.New() : JobId.Parse("k" + keyHash[..31]);
    }
}

/// <summary>Thrown when a job's shard found no owner within the handoff patience: the client should retry (503).</summary>
internal sealed class ShardUnavailableException(JobId job, Exception? cause)
    : Exception($"job {job}: its shard's owner cannot take it right now (handoff in progress); retry shortly", cause);
