using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;

namespace Eco.Streams.Chat.Conversations;

/// <summary>A conversation for clients and operators.</summary>
/// <param name="ConversationId">Its id.</param>
/// <param name="Turns">Turns in the working context, oldest first.</param>
/// <param name="Summary">Summary of older turns.</param>
/// <param name="TotalTurns">All turns ever completed, summarized or not.</param>
/// <param name="ActiveJob">The job answering now, if any.</param>
/// <param name="Waiting">Turns waiting for it.</param>
/// <param name="Subject">What the conversation is about now (what a follow-up refers to), once a turn named something.</param>
/// <param name="Location">The last location the user shared in it.</param>
public sealed record ConversationView(string ConversationId, IReadOnlyList<ConversationTurn> Turns, string? Summary, int TotalTurns, string? ActiveJob, int Waiting,
    DialogueSubject? Subject = null, GeoLocation? Location = null)
    : IConversationProtocol;
