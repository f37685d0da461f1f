namespace Eco.Actors.Sharding;

/// <summary>A holder's hold on a lease in Redis.</summary>
/// <param name="Lease">The lease: <c>shard:{n}</c> for a shard, or another name (the Split Brain Resolver's).</param>
/// <param name="Owner">The holder: its Akka address as <c>system@host:port</c>.</param>
/// <param name="Token">Fencing token: larger for every new holder of this lease.</param>
public sealed record LeaseHold(string Lease, string Owner, long Token);
