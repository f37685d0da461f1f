namespace Eco.Actors.Entities;

/// <summary>Sharding's order to stop an entity (after a passivation, or when its shard is handed off).</summary>
public sealed record StopEntity
{
    /// <summary>The one instance.</summary>
    public static readonly StopEntity Instance = new();
}
