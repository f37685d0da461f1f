using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>At start-up, wakes every unfinished job so it continues (the node is ready once this scan is done); then sweeps.</summary>
/// <remarks>The sweep repeats every <c>Eco:Cluster:SweepEvery</c> (15 s) for unfinished jobs that are not loaded: a job whose entity gave up while its storage was
/// down (it could not even record its failure) is picked up again once the storage is back, instead of waiting for a restart.</remarks>
internal sealed class JobRecoveryService(IJournal journal, EntityRegion<IJobMessage> region, NodeReadiness readiness, IOptions<ClusterOptions> options,
    ILogger<JobRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await JobRecovery.ResumeUnfinishedAsync(journal, region, IsJob, logger, stoppingToken).ConfigureAwait(false);
        readiness.MarkReady();
        // The same knob as a cluster node's sweep of its shards (here: every job is this node's); zero turns it off.
        if (options.Value.SweepEvery <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.SweepEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await JobRecovery.ResumeUnfinishedAsync(journal, region, IsJob, logger, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                HostLog.SweepFailed(logger, ex); // storage still down: the next sweep tries again
            }
        }
    }

    private static bool IsJob(JobId id) => !Eco.Streams.Chat.Conversations.ConversationIds.IsConversation(id);
}

/// <summary>Whether the node has finished starting (journal open, unfinished jobs woken).</summary>
internal sealed class NodeReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
