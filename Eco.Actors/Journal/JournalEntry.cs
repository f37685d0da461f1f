using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>An event as stored: the envelope (job, seq, time) around its type, stage and JSON payload.</summary>
/// <param name="JobId">The job the event belongs to.</param>
/// <param name="Seq">Position in the job's stream: 1, 2, 3, … with no gaps.</param>
/// <param name="Type">Event type, e.g. <c>token</c>.</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Stage">The pipeline stage it belongs to, if any.</param>
/// <param name="DataJson">The payload as a JSON object text, or null.</param>
public sealed record JournalEntry(JobId JobId, long Seq, string Type, DateTimeOffset Timestamp, string? Stage, string? DataJson)
{
    /// <summary>True for <c>job.completed</c> and <c>job.failed</c>.</summary>
    public bool IsTerminal => JobEventTypes.IsTerminal(Type);
}
