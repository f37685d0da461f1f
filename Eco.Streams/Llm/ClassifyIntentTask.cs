using Eco.Agents.Dialogue;

namespace Eco.Streams.Llm;

/// <summary>Classify a message into intents and make it standalone, seeing the conversation so far.</summary>
/// <param name="Message">The new message.</param>
/// <param name="History">Earlier turns, oldest first.</param>
/// <param name="Summary">Summary of the turns before <paramref name="History"/>, if any.</param>
/// <param name="Subject">What the conversation is about now, for follow-ups that leave it out.</param>
public sealed record ClassifyIntentTask(string Message, IReadOnlyList<ChatTurn> History, string? Summary = null, DialogueSubject? Subject = null) : ModelTask;
