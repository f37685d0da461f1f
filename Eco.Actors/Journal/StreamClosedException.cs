using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>Thrown when an append targets a job whose stream already ends with a terminal event.</summary>
/// <remarks>This is how the journal enforces "exactly one terminal event per job".</remarks>
public sealed class StreamClosedException(JobId jobId, long lastSeq)
    : Exception($"Job {jobId} already ended at seq {lastSeq}; no event may follow its terminal event.")
{
    /// <summary>The job whose append was refused.</summary>
    public JobId JobId { get; } = jobId;

    /// <summary>The seq of the terminal event.</summary>
    public long LastSeq { get; } = lastSeq;
}
