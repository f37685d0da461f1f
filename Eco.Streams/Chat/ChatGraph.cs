using Akka.Streams;
using Eco.Agents.Dialogue;
using Eco.Streams.Chat.Conversations;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>The chat job: classify → route → sub-agents in parallel → aggregate → answer, with summarize alongside.</summary>
public static class ChatGraph
{
    /// <summary>The job kind.</summary>
    public const string Kind = "chat";

    /// <summary>Builds the graph over the given sub-agents (one per intent).</summary>
    public static StageGraph Create(IChatModel model, SubjectReader subjects, IReadOnlyList<ISubAgent> agents, ChatOptions options, TimeProvider time,
        Func<IMaterializer> materializer, IConversationTurns? turns = null)
    {
        var byIntent = agents.ToDictionary(a => a.Intent);
        var byName = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var nodes = new List<StageNode>();
        // In a conversation the job first takes its turn; the context it is granted is journaled for the stages after it.
        nodes.Add(turns is null
            ? new StageNode(new NoContextStage(), [], _ => false)
            : new StageNode(new ContextStage(turns), [], state => state.Spec!.ConversationId is not null));
        nodes.Add(new StageNode(new ClassifyStage(model, subjects), [ChatStages.Context]));
        nodes.Add(new StageNode(new RouteStage(byIntent), [ChatStages.Classify]));
        // Summarizing depends only on the history, so it runs alongside classification and the sub-agents.
        nodes.Add(new StageNode(new SummarizeStage(model, options), [ChatStages.Context], state => ChatHistory.Turns(state).Count > 0));
        foreach (var agent in agents)
        {
            var stage = new SubAgentStage(agent);
            nodes.Add(new StageNode(stage, [ChatStages.Route],
                state => StageOutputs.Read<RouteOutput>(state, ChatStages.Route).Agents.Contains(agent.Name)));
        }
        nodes.Add(new StageNode(new AggregateStage(byName), [ChatStages.Route, .. agents.Select(a => ChatStages.AgentPrefix + a.Name)]));
        nodes.Add(new StageNode(new AnswerStage(model, options, time, materializer), [ChatStages.Aggregate, ChatStages.Summarize]));
        return new StageGraph(nodes, state => StageOutputs.Read<AnswerOutput>(state, ChatStages.Answer).Text);
    }

    /// <summary>Stands in for the context stage on a node without conversations; never active.</summary>
    private sealed class NoContextStage : Graph.IStage
    {
        public string Name => ChatStages.Context;
        public Eco.Actors.Jobs.StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero);
        public Task<string> RunAsync(Eco.Actors.Jobs.StageRun run, Eco.Actors.Jobs.IStageSink sink, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("this node has no conversations");
    }

}
