namespace Eco.Host.Hosting;

/// <summary>The key of the sharding region of jobs and conversations in Akka.Hosting's actor registry.</summary>
/// <remarks>One region holds both, so a conversation and its turns (same shard key) always live on the same node.</remarks>
internal sealed class EcoRegion;
