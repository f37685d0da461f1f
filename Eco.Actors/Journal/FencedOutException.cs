namespace Eco.Actors.Journal;

/// <summary>Thrown when an append carries a fencing token older than the shard's: its writer lost the shard (invariant 2).</summary>
public sealed class FencedOutException(Fence fence, long current)
    : Exception($"shard {fence.Shard} is now owned under fencing token {current}; this writer's token {fence.Token} is stale")
{
    /// <summary>The refused fence.</summary>
    public Fence Fence { get; } = fence;

    /// <summary>The shard's current token.</summary>
    public long CurrentToken { get; } = current;
}
