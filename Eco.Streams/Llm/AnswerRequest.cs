using Eco.Agents.Intents;
using Eco.Agents.Waste;

namespace Eco.Streams.Llm;

/// <summary>What the answer model is asked: the user's message and the grounded context the earlier stages journaled.</summary>
/// <param name="Message">The user's message.</param>
/// <param name="Intent">The classified intent(s).</param>
/// <param name="Matches">Disposal guides retrieved for the message, best first.</param>
public sealed record AnswerRequest(string Message, IntentClassification Intent, IReadOnlyList<WasteMatch> Matches);
