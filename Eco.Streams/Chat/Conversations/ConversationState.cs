using System.Collections.Immutable;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Streams.Chat.Conversations;

/// <summary>A conversation's state, folded from its events.</summary>
internal sealed record ConversationState(long LastSeq, ImmutableList<ConversationTurn> Turns, string? Summary, int TotalTurns, string? ActiveJob, string? ActiveMessage)
{
    public static readonly ConversationState Empty = new(0, [], null, 0, null, null);

    public ConversationState Apply(JournalEntry entry)
    {
        var state = this with { LastSeq = entry.Seq };
        using var doc = JsonDocument.Parse(entry.DataJson ?? "{}");
        var data = doc.RootElement;
        string? Text(string name) => data.TryGetProperty(name, out var v) ? v.GetString() : null;
        return entry.Type switch
        {
            "turn.started" => state with { ActiveJob = Text("job_id"), ActiveMessage = Text("message") },
            "turn.completed" => state with
            {
                Turns = state.Turns.Add(new ConversationTurn(Text("user") ?? "", Text("assistant") ?? "")),
                TotalTurns = state.TotalTurns + 1,
                ActiveJob = null,
                ActiveMessage = null,
            },
            "turn.failed" when Text("job_id") == state.ActiveJob => state with { ActiveJob = null, ActiveMessage = null },
            // The summary replaces the older turns: they leave the working context for good.
            "summary.updated" => state with
            {
                Summary = Text("summary"),
                Turns = [.. state.Turns.TakeLast(data.GetProperty("kept_turns").GetInt32())],
            },
            _ => state,
        };
    }
}
