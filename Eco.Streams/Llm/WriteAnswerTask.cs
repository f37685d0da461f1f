using Eco.Agents.Intents;

namespace Eco.Streams.Llm;

/// <summary>Write the final answer from the grounded sections the sub-agents produced.</summary>
/// <param name="Message">The user's message.</param>
/// <param name="Intent">The classified intents.</param>
/// <param name="Sections">Sub-agent paragraphs in their merge order.</param>
public sealed record WriteAnswerTask(string Message, IntentClassification Intent, IReadOnlyList<string> Sections) : ModelTask;
