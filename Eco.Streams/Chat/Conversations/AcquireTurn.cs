using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Conversations;

/// <summary>A job asks for its turn; the reply (<see cref="TurnGrant"/>) comes when the turn is granted (at once, or after the turns
/// before it).</summary>
/// <param name="Job">The job that answers the turn.</param>
/// <param name="Message">The user's message.</param>
/// <param name="Policy">What to do if another turn is in progress.</param>
public sealed record AcquireTurn(JobId Job, string Message, BusyPolicy Policy) : IConversationProtocol;
