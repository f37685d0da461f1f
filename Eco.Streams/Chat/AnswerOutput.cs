namespace Eco.Streams.Chat;

/// <summary>Output of the answer stage.</summary>
/// <param name="Text">The whole answer.</param>
/// <param name="Provider">Which model wrote it.</param>
/// <param name="TokenEvents">How many token events carried it (after coalescing).</param>
public sealed record AnswerOutput(string Text, string Provider, int TokenEvents);
