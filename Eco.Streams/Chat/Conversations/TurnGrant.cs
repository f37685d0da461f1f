using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;

namespace Eco.Streams.Chat.Conversations;

/// <summary>The answer to <see cref="AcquireTurn"/>: the working context the job must use, a refusal, or "ask again".</summary>
/// <param name="Granted">False when refused (busy under <see cref="BusyPolicy.Reject"/>) or when the conversation stopped first.</param>
/// <param name="Refusal">Why it was refused.</param>
/// <param name="History">Turns kept verbatim, oldest first.</param>
/// <param name="Summary">Summary of the turns before them.</param>
/// <param name="AskAgain">True when the conversation stopped before it could answer (a restart, a hand-off): ask its next incarnation.</param>
/// <param name="Subject">What the conversation is about now.</param>
/// <param name="Location">The last location the user shared in the conversation.</param>
public sealed record TurnGrant(bool Granted, string? Refusal, IReadOnlyList<ConversationTurn> History, string? Summary, bool AskAgain = false,
    DialogueSubject? Subject = null, GeoLocation? Location = null)
    : IConversationProtocol;
