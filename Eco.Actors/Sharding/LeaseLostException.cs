namespace Eco.Actors.Sharding;

/// <summary>Why a node lost a shard's lease: sharding stops the shard's entities here when it hears this.</summary>
public sealed class LeaseLostException(int shard, string reason) : Exception($"lease on shard {shard} lost: {reason}")
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;
}
