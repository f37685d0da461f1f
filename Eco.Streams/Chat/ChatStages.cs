namespace Eco.Streams.Chat;

/// <summary>Stage names of the chat pipeline, as they appear in events.</summary>
public static class ChatStages
{
    /// <summary>Takes the conversation turn and journals its working context (only for jobs in a conversation).</summary>
    public const string Context = "context";
    /// <summary>Intent classification (a model call).</summary>
    public const string Classify = "classify";
    /// <summary>Picks the sub-agents (rules, no model).</summary>
    public const string Route = "route";
    /// <summary>Prefix of sub-agent stages: <c>agent.waste</c>, <c>agent.weather</c>, …</summary>
    public const string AgentPrefix = "agent.";
    /// <summary>Deterministic merge of the sub-agents' outputs.</summary>
    public const string Aggregate = "aggregate";
    /// <summary>Folds old turns into a summary when the conversation is over budget (a model call, only then).</summary>
    public const string Summarize = "summarize";
    /// <summary>The streamed answer (a model call).</summary>
    public const string Answer = "answer";
}
