using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>The chat job: classify → route → sub-agents in parallel → aggregate → answer, with summarize alongside.</summary>
public static class ChatGraph
{
    /// <summary>The job kind.</summary>
    public const string Kind = "chat";

    /// <summary>Builds the graph over the given sub-agents (one per intent).</summary>
    public static StageGraph Create(IChatModel model, IReadOnlyList<ISubAgent> agents, ChatOptions options, TimeProvider time)
    {
        var byIntent = agents.ToDictionary(a => a.Intent);
        var byName = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var nodes = new List<StageNode>
        {
            new(new ClassifyStage(model), []),
            new(new RouteStage(byIntent), [ChatStages.Classify]),
            // Summarizing depends only on the journaled history, so it runs alongside classification and the sub-agents.
            new(new SummarizeStage(model, options), [], state => state.Spec!.History.Count > 0),
        };
        foreach (var agent in agents)
        {
            var stage = new SubAgentStage(agent);
            nodes.Add(new StageNode(stage, [ChatStages.Route],
                state => StageOutputs.Read<RouteOutput>(state, ChatStages.Route).Agents.Contains(agent.Name)));
        }
        nodes.Add(new StageNode(new AggregateStage(byName), [ChatStages.Route, .. agents.Select(a => ChatStages.AgentPrefix + a.Name)]));
        nodes.Add(new StageNode(new AnswerStage(model, options, time), [ChatStages.Aggregate, ChatStages.Summarize]));
        return new StageGraph(nodes, state => StageOutputs.Read<AnswerOutput>(state, ChatStages.Answer).Text);
    }

}
