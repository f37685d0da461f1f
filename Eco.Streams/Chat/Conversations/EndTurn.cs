using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;
using Eco.Streams.Graph;

namespace Eco.Streams.Chat.Conversations;

/// <summary>The job of the active turn ended; the next waiting turn may start.</summary>
/// <param name="Job">The job.</param>
/// <param name="Answer">The answer, or null when the job failed.</param>
/// <param name="Reason">Why it failed, when it did.</param>
/// <param name="Summary">The new running summary, when the job folded old turns into one.</param>
/// <param name="KeptTurns">How many recent turns stay verbatim after that summary.</param>
/// <param name="Subject">What the conversation is about after this turn, when the job decided it.</param>
/// <param name="Location">The location the user sent with this turn's message, if any.</param>
public sealed record EndTurn(JobId Job, string? Answer, string? Reason, string? Summary, int? KeptTurns, DialogueSubject? Subject = null,
    GeoLocation? Location = null) : IConversationProtocol
{
    /// <summary>The end of the turn a chat job answered, from its journaled state: one reading whether the job's end was heard or
    /// found in its journal later.</summary>
    public static EndTurn Of(JobState state)
    {
        var memory = StageOutputs.TryRead<SummarizeOutput>(state, ChatStages.Summarize);
        var classified = StageOutputs.TryRead<ClassifyOutput>(state, ChatStages.Classify);
        var subject = classified?.Subject;
        // What the answer found (the nearest place) is what a follow-up's "거기" means, beyond what the question named.
        if (subject is not null && StageOutputs.TryRead<RouteOutput>(state, ChatStages.Route) is { } route)
        {
            foreach (var about in route.Agents.Select(a => StageOutputs.TryRead<SubAgentResult>(state, ChatStages.AgentPrefix + a)?.About).OfType<DialogueSubject>())
            {
                subject = subject.After(about, Eco.Agents.Intents.Intent.General);
            }
        }
        // A turn that ended asking the user for input (their location) leaves its question pending for the next message.
        if (subject is not null && StageOutputs.TryRead<AggregateOutput>(state, ChatStages.Aggregate) is { NeedsInput.Count: > 0 })
        {
            subject = subject with { Pending = ChatHistory.Question(state) };
        }
        return memory is { Summarized: true }
            ? new EndTurn(state.JobId, state.Answer, state.FailureReason, memory.Summary, memory.KeptTurns, subject, state.Spec?.Location)
            : new EndTurn(state.JobId, state.Answer, state.FailureReason, null, null, subject, state.Spec?.Location);
    }
}
