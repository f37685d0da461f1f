using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>What the journal knows about one job's stream without reading its events.</summary>
/// <param name="JobId">The job.</param>
/// <param name="LastSeq">The highest seq written.</param>
/// <param name="IsTerminal">True once a terminal event is stored.</param>
/// <param name="CreatedAt">When the first event was stored.</param>
/// <param name="UpdatedAt">When the last event was stored.</param>
public sealed record JobStreamInfo(JobId JobId, long LastSeq, bool IsTerminal, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
