namespace Eco.Actors.Journal;

/// <summary>The right to write a shard's jobs: the fencing token of the lease its owner holds.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Token">Strictly increasing per shard: every new owner gets a larger one.</param>
public readonly record struct Fence(int Shard, long Token);
