namespace Eco.Streams.Llm;

/// <summary>Classify a message into intents, seeing the conversation so far.</summary>
/// <param name="Message">The new message.</param>
/// <param name="History">Earlier turns, oldest first.</param>
public sealed record ClassifyIntentTask(string Message, IReadOnlyList<ChatTurn> History) : ModelTask;
