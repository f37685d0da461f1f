namespace Eco.Streams.Llm;

/// <summary>Summarize old conversation turns so they can leave the working context.</summary>
/// <param name="PreviousSummary">The summary so far, if any.</param>
/// <param name="Turns">The turns to fold in, oldest first.</param>
public sealed record SummarizeTask(string? PreviousSummary, IReadOnlyList<ChatTurn> Turns) : ModelTask;
