using System.Text.Json;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat;

/// <summary>Output of the classify stage.</summary>
/// <param name="Intent">Primary intent.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Additional">Further intents in the same message.</param>
/// <param name="Provider">The model that classified.</param>
public sealed record ClassifyOutput(Intent Intent, double Confidence, IReadOnlyList<Intent> Additional, string Provider)
{
    /// <summary>As the domain type.</summary>
    public IntentClassification ToClassification() => new(Intent, Confidence, Additional);

    /// <summary>Primary first, then the others, without repeats.</summary>
    public IEnumerable<Intent> All => new[] { Intent }.Concat(Additional).Distinct();
}

/// <summary>Output of the route stage: which sub-agents run and why.</summary>
/// <param name="Agents">Sub-agent names, in routing order.</param>
/// <param name="Reasons">Why each one runs (intent, enrichment rule).</param>
public sealed record RouteOutput(IReadOnlyList<string> Agents, IReadOnlyDictionary<string, string> Reasons);

/// <summary>A sub-agent's journaled result.</summary>
/// <param name="Agent">The sub-agent.</param>
/// <param name="Section">Its paragraph for the answer (empty when it has nothing to add).</param>
/// <param name="Data">Structured facts behind the paragraph.</param>
/// <param name="NeedsInput">Context the user must supply before this part can be answered.</param>
/// <param name="Fallback">True when the fallback path produced it.</param>
public sealed record SubAgentResult(string Agent, string Section, JsonElement? Data, NeedsInput? NeedsInput, bool Fallback = false);

/// <summary>A request for more input, e.g. the user's location.</summary>
/// <param name="Type">What is needed: <c>location</c>.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record NeedsInput(string Type, string Message);

/// <summary>Output of the aggregate stage: the merged sections in their deterministic order.</summary>
/// <param name="Sections">Paragraphs in merge order.</param>
/// <param name="Order">The sub-agents in merge order (Lamport time, then priority, then name).</param>
/// <param name="Missing">Sub-agents that failed open (their part is missing).</param>
/// <param name="NeedsInput">What the user must supply for the missing parts.</param>
public sealed record AggregateOutput(IReadOnlyList<string> Sections, IReadOnlyList<string> Order, IReadOnlyList<string> Missing, IReadOnlyList<NeedsInput> NeedsInput);

/// <summary>Output of the summarize stage.</summary>
/// <param name="Summary">The running summary (null when nothing was summarized).</param>
/// <param name="KeptTurns">How many of the most recent turns stay verbatim in the working context.</param>
/// <param name="Summarized">True when this job folded turns into the summary.</param>
public sealed record SummarizeOutput(string? Summary, int KeptTurns, bool Summarized);

/// <summary>Output of the answer stage.</summary>
/// <param name="Text">The whole answer.</param>
/// <param name="Provider">Which model wrote it.</param>
/// <param name="TokenEvents">How many token events carried it (after coalescing).</param>
public sealed record AnswerOutput(string Text, string Provider, int TokenEvents);
