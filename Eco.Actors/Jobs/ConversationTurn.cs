namespace Eco.Actors.Jobs;

/// <summary>One earlier exchange of a conversation.</summary>
/// <param name="User">What the user said.</param>
/// <param name="Assistant">What Eco answered.</param>
public sealed record ConversationTurn(string User, string Assistant);
