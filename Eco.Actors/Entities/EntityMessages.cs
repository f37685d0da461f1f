namespace Eco.Actors.Entities;

/// <summary>An entity tells its supervisor why it is about to stop (a failed write or recovery), before it stops.</summary>
/// <param name="Reason">What failed, for the log and for the job's <c>job.failed</c> if the supervisor gives up.</param>
public sealed record EntityFailed(string Reason);

/// <summary>An entity has nothing left to do here (a job ended, a conversation is idle): its supervisor asks sharding to unload it.</summary>
public sealed record PassivateEntity
{
    /// <summary>The one instance.</summary>
    public static readonly PassivateEntity Instance = new();
}

/// <summary>Sharding's order to stop an entity (after a passivation, or when its shard is handed off).</summary>
public sealed record StopEntity
{
    /// <summary>The one instance.</summary>
    public static readonly StopEntity Instance = new();
}
