using Eco.Agents.Intents;

namespace Eco.Streams.Llm;

/// <summary>What a model call is for, as data: remote models read the rendered messages, the offline model reads this.</summary>
public abstract record ModelTask;

/// <summary>Classify a message into intents, seeing the conversation so far.</summary>
/// <param name="Message">The new message.</param>
/// <param name="History">Earlier turns, oldest first.</param>
public sealed record ClassifyIntentTask(string Message, IReadOnlyList<ChatTurn> History) : ModelTask;

/// <summary>Write the final answer from the grounded sections the sub-agents produced.</summary>
/// <param name="Message">The user's message.</param>
/// <param name="Intent">The classified intents.</param>
/// <param name="Sections">Sub-agent paragraphs in their merge order.</param>
public sealed record WriteAnswerTask(string Message, IntentClassification Intent, IReadOnlyList<string> Sections) : ModelTask;

/// <summary>Summarize old conversation turns so they can leave the working context.</summary>
/// <param name="PreviousSummary">The summary so far, if any.</param>
/// <param name="Turns">The turns to fold in, oldest first.</param>
public sealed record SummarizeTask(string? PreviousSummary, IReadOnlyList<ChatTurn> Turns) : ModelTask;

/// <summary>Classify a photo of waste into the taxonomy and situation tags.</summary>
/// <param name="ImageUrl">Where the image is.</param>
/// <param name="Message">What the user said about it, if anything.</param>
public sealed record ClassifyImageTask(string ImageUrl, string? Message) : ModelTask;
