using Eco.Actors.Jobs;

namespace Eco.Streams.Chat;

/// <summary>Output of the context stage.</summary>
/// <param name="History">Turns kept verbatim, oldest first.</param>
/// <param name="Summary">Summary of the older turns.</param>
public sealed record ContextOutput(IReadOnlyList<ConversationTurn> History, string? Summary);
