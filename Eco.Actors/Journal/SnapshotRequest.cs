using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

internal sealed class SnapshotRequest(JobId jobId, long seq, string? manifest, string state, DateTimeOffset timestamp) : WriteRequest
{
    public JobId JobId { get; } = jobId;
    public long Seq { get; } = seq;
    public string? Manifest { get; } = manifest;
    public string State { get; } = state;
    public DateTimeOffset Timestamp { get; } = timestamp;
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public override int EventCount => 1;
    public override void Complete() => Completion.TrySetResult();
    public override void Fail(Exception error) => Completion.TrySetException(error);
}
