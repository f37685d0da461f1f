namespace Eco.Actors.Sharding;

/// <summary>A node's hold on a shard.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Owner">The holder: its Akka address as <c>host:port</c>.</param>
/// <param name="Token">Fencing token: larger for every new holder of this shard.</param>
public sealed record ShardLease(int Shard, string Owner, long Token);
