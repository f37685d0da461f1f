using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;

namespace Eco.Streams.Chat;

/// <summary>Output of the context stage.</summary>
/// <param name="History">Turns kept verbatim, oldest first.</param>
/// <param name="Summary">Summary of the older turns.</param>
/// <param name="Subject">What the conversation is about now.</param>
/// <param name="Location">The last location the user shared in the conversation.</param>
public sealed record ContextOutput(IReadOnlyList<ConversationTurn> History, string? Summary, DialogueSubject? Subject = null, GeoLocation? Location = null);
