using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Host.Hosting;

/// <summary>At start-up, wakes every unfinished job so it continues; the node reports ready once this scan is done.</summary>
internal sealed class JobRecoveryService(IJournal journal, EntityRegion<IJobMessage> region, NodeReadiness readiness, ILogger<JobRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await JobRecovery.ResumeUnfinishedAsync(journal, region, id => !Eco.Streams.Chat.Conversations.ConversationIds.IsConversation(id), logger, stoppingToken)
            .ConfigureAwait(false);
        readiness.MarkReady();
    }
}

/// <summary>Whether the node has finished starting (journal open, unfinished jobs woken).</summary>
internal sealed class NodeReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
