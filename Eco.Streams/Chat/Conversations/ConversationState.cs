using System.Collections.Immutable;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Agents.Dialogue;

namespace Eco.Streams.Chat.Conversations;

/// <summary>A conversation's state, folded from its events.</summary>
internal sealed record ConversationState(long LastSeq, ImmutableList<ConversationTurn> Turns, string? Summary, int TotalTurns, string? ActiveJob, string? ActiveMessage)
{
    public static readonly ConversationState Empty = new(0, [], null, 0, null, null);

    /// <summary>What the conversation is about now (<c>subject.updated</c>).</summary>
    public DialogueSubject Subject { get; init; } = DialogueSubject.None;

    /// <summary>The last location the user shared (<c>subject.updated</c>).</summary>
    public GeoLocation? Location { get; init; }

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
            "subject.updated" => state with
            {
                Subject = data.GetProperty("subject").Deserialize<DialogueSubject>(StreamsJson.Options) ?? DialogueSubject.None,
                Location = data.TryGetProperty("location", out var location) && location.ValueKind == JsonValueKind.Object
                    ? location.Deserialize<GeoLocation>(StreamsJson.Options)
                    : state.Location,
            },
            _ => state,
        };
    }
}
