using Akka.Actor;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Streams.Chat.Conversations;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>What sharding starts for an entity id: a conversation's actor or a job's, each under its supervisor.</summary>
internal sealed class EcoEntities(JobEntityServices jobs, IJournal journal, ConversationHub conversations, IOptions<EntityOptions> options,
    TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Eco.Actors.Entities");

    public Props PropsFor(string entityId)
    {
        var id = JobId.Parse(entityId);
        // A conversation has nothing to record when its supervisor gives up (its waiting turns ask again); a job ends with job.failed.
        Func<string?, Props> entity = ConversationIds.IsConversation(id)
            ? _ => ConversationActor.Props(id, journal, conversations.TellJob, time, options.Value.PassivateAfter)
            : giveUpReason => JobActor.Props(id, jobs, giveUpReason);
        return EntitySupervisor.Props(entity, options.Value, time, _logger);
    }
}
