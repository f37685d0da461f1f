namespace Eco.Streams.Chat;

/// <summary>Output of the route stage: which sub-agents run and why.</summary>
/// <param name="Agents">Sub-agent names, in routing order.</param>
/// <param name="Reasons">Why each one runs (intent, enrichment rule).</param>
public sealed record RouteOutput(IReadOnlyList<string> Agents, IReadOnlyDictionary<string, string> Reasons);
