using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>Thrown when an append's expected seq is not the stream's current last seq: another writer got there first.</summary>
public sealed class SequenceConflictException(JobId jobId, long expectedSeq, long actualSeq)
    : Exception($"Job {jobId}: expected last seq {expectedSeq} but the journal holds {actualSeq}.")
{
    /// <summary>The job whose append was refused.</summary>
    public JobId JobId { get; } = jobId;

    /// <summary>The seq the writer believed was last.</summary>
    public long ExpectedSeq { get; } = expectedSeq;

    /// <summary>The seq actually last in the journal.</summary>
    public long ActualSeq { get; } = actualSeq;
}
