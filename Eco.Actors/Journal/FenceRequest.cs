namespace Eco.Actors.Journal;

/// <summary>Raises a shard's fence inside the writer's transaction order.</summary>
internal sealed class FenceRequest(int shard, long token) : WriteRequest
{
    public int Shard { get; } = shard;
    public long Token { get; } = token;
    public long Result { get; set; }
    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public override int EventCount => 1;
    public override void Complete() => Completion.TrySetResult(Result);
    public override void Fail(Exception error) => Completion.TrySetException(error);
}
