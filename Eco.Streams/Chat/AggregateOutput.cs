namespace Eco.Streams.Chat;

/// <summary>Output of the aggregate stage: the merged sections in their deterministic order.</summary>
/// <param name="Sections">Paragraphs in merge order.</param>
/// <param name="Order">The sub-agents in merge order (Lamport time, then priority, then name).</param>
/// <param name="Missing">Sub-agents that failed open (their part is missing).</param>
/// <param name="NeedsInput">What the user must supply for the missing parts.</param>
public sealed record AggregateOutput(IReadOnlyList<string> Sections, IReadOnlyList<string> Order, IReadOnlyList<string> Missing, IReadOnlyList<NeedsInput> NeedsInput);
