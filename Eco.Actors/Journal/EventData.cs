using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>An event about to be appended: everything but its seq, which only the journal assigns.</summary>
/// <param name="Type">Event type, e.g. <c>stage.completed</c>.</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Stage">The pipeline stage it belongs to, if any.</param>
/// <param name="DataJson">The payload as a JSON object text, or null.</param>
public sealed record EventData(string Type, DateTimeOffset Timestamp, string? Stage, string? DataJson)
{
    /// <summary>True for the events that end a job; the journal refuses appends after one.</summary>
    public bool IsTerminal => JobEventTypes.IsTerminal(Type);
}
