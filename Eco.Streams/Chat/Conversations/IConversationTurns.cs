using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Conversations;

/// <summary>How a chat job waits for its turn in a conversation and gets the conversation's working context.</summary>
public interface IConversationTurns
{
    /// <summary>Waits until this job's turn is granted (or refused), then returns the context to answer with.</summary>
    Task<TurnGrant> AcquireAsync(string conversationId, JobId job, string message, BusyPolicy policy, CancellationToken cancellationToken);
}
