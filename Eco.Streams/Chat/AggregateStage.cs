using Eco.Actors.Jobs;
using Eco.Streams.Graph;

namespace Eco.Streams.Chat;

/// <summary>Merges the sub-agents' outputs deterministically: by Lamport start time, then priority, then name — never by arrival.</summary>
/// <remarks>Sub-agents started together share one Lamport time, so their order is fixed by priority whichever finished first; a
/// sub-agent that failed open is reported missing, and required context it lacked becomes a <c>needs_input</c> request.</remarks>
public sealed class AggregateStage(IReadOnlyDictionary<string, ISubAgent> agentsByName) : IPureStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Aggregate;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(5), MaxAttempts: 1, RetryBackoff: TimeSpan.Zero);

    /// <inheritdoc />
    public string Compute(JobState state) => StageOutputs.Write(Merge(state));

    /// <summary>The merge, from journaled state only.</summary>
    public AggregateOutput Merge(JobState state)
    {
        var route = StageOutputs.Read<RouteOutput>(state, ChatStages.Route);
        var ordered = route.Agents
            .Select(name => (Name: name, Stage: ChatStages.AgentPrefix + name))
            .Where(a => state.StageOutputs.ContainsKey(a.Stage))
            .OrderBy(a => state.StageClocks.GetValueOrDefault(a.Stage))
            .ThenBy(a => agentsByName.TryGetValue(a.Name, out var agent) ? agent.Priority : int.MaxValue)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        var sections = new List<string>();
        var missing = new List<string>();
        var needs = new List<NeedsInput>();
        foreach (var (name, stage) in ordered)
        {
            var result = StageOutputs.TryRead<SubAgentResult>(state, stage);
            if (result is null)
            {
                missing.Add(name);
                continue;
            }
            if (!string.IsNullOrWhiteSpace(result.Section))
            {
                sections.Add(result.Section);
            }
            if (result.NeedsInput is { } n)
            {
                needs.Add(n);
            }
        }
        return new AggregateOutput(sections, [.. ordered.Select(a => a.Name)], missing, needs);
    }
}
