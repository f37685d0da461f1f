namespace Eco.Host.Chaos;

/// <summary>One event as the journal holds it (read back through <c>GET /v1/jobs/{id}/events</c>).</summary>
internal sealed record JournalEvent(long Seq, string Type, string? Stage, DateTimeOffset Timestamp, string? Reason = null);
