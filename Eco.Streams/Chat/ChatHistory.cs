using Eco.Actors.Jobs;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>The conversation a chat job carries, as model messages.</summary>
public static class ChatHistory
{
    /// <summary>Earlier turns, oldest first, as user/assistant messages.</summary>
    public static IReadOnlyList<ChatTurn> Turns(JobSpec spec) =>
        [.. spec.History.SelectMany(t => new[] { ChatTurn.User(t.User), ChatTurn.Assistant(t.Assistant) })];
}
