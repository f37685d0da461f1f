using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>The conversation a chat job answers in: from its journaled context stage, else from the request itself.</summary>
public static class ChatHistory
{
    /// <summary>Earlier turns, oldest first.</summary>
    public static IReadOnlyList<ConversationTurn> Turns(JobState state) =>
        StageOutputs.TryRead<ContextOutput>(state, ChatStages.Context)?.History ?? state.Spec!.History;

    /// <summary>Summary of turns older than <see cref="Turns"/>.</summary>
    public static string? Summary(JobState state) =>
        StageOutputs.TryRead<ContextOutput>(state, ChatStages.Context) is { } context ? context.Summary : state.Spec!.Summary;

    /// <summary>What the conversation was about before this turn; null outside a conversation.</summary>
    public static DialogueSubject? Subject(JobState state) => StageOutputs.TryRead<ContextOutput>(state, ChatStages.Context)?.Subject;

    /// <summary>Where the user is: the location sent with this message, else the last one shared in the conversation.</summary>
    public static GeoLocation? Location(JobState state) =>
        state.Spec!.Location ?? StageOutputs.TryRead<ContextOutput>(state, ChatStages.Context)?.Location;

    /// <summary>The question to answer: the message, or the standalone question the classification made of a follow-up.</summary>
    public static string Question(JobState state) =>
        StageOutputs.TryRead<ClassifyOutput>(state, ChatStages.Classify)?.Resolved ?? state.Spec!.Message;

    /// <summary>The turns as user/assistant model messages.</summary>
    public static IReadOnlyList<ChatTurn> Messages(IEnumerable<ConversationTurn> turns) =>
        [.. turns.SelectMany(t => new[] { ChatTurn.User(t.User), ChatTurn.Assistant(t.Assistant) })];
}
