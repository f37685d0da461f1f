using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Streams.Chat.Conversations;

namespace Eco.Host.Hosting;

/// <summary>The way into conversations (through sharding): grants turns to chat jobs and closes a turn when its job ends.</summary>
internal sealed class ConversationHub(IRequiredActor<EcoRegion> region, IJournal journal) : IConversationTurns, IJobObserver
{
    private static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromMilliseconds(100);

    public async Task<TurnGrant> AcquireAsync(string conversationId, JobId job, string message, BusyPolicy policy, CancellationToken cancellationToken)
    {
        var envelope = new ShardingEnvelope(Stream(conversationId).Value, new AcquireTurn(job, message, policy));
        var conversations = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            // No timeout but the stage's: a turn waiting in line may wait as long as the turns before it take.
            var grant = await conversations.Ask<TurnGrant>(envelope, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            if (!grant.AskAgain)
            {
                return grant;
            }
            await Task.Delay(AskAgainAfter, cancellationToken).ConfigureAwait(false); // the conversation restarted or moved
        }
    }

    /// <summary>Every conversation job's end goes to its conversation: the active turn closes, or a waiting one leaves the line.</summary>
    public void JobEnded(JobState state)
    {
        if (state.Spec?.ConversationId is not { } conversationId || !ConversationIds.TryGetStream(conversationId, out var stream, out _))
        {
            return;
        }
        region.ActorRef.Tell(new ShardingEnvelope(stream.Value, EndTurn.Of(state)));
    }

    /// <summary>Sends a message to a job through sharding (a conversation interrupting its active turn).</summary>
    public void TellJob(JobId job, object message) => region.ActorRef.Tell(new ShardingEnvelope(job.Value, message));

    /// <summary>The conversation, or null when it has no turn yet.</summary>
    public async Task<ConversationView?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var stream = Stream(conversationId);
        if (await journal.GetStreamAsync(stream, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        var conversations = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        var view = await conversations.Ask<ConversationView>(new ShardingEnvelope(stream.Value, GetConversation.Instance), ViewTimeout, cancellationToken)
            .ConfigureAwait(false);
        return view with { ConversationId = conversationId };
    }

    private static JobId Stream(string conversationId) =>
        ConversationIds.TryGetStream(conversationId, out var stream, out var error) ? stream : throw new ArgumentException(error, nameof(conversationId));
}
