namespace Eco.Actors.Entities;

/// <summary>An entity has nothing left to do here (a job ended, a conversation is idle): its supervisor asks sharding to unload it.</summary>
public sealed record PassivateEntity
{
    /// <summary>The one instance.</summary>
    public static readonly PassivateEntity Instance = new();
}
