namespace Eco.Actors.Jobs;

/// <summary>Wakes a job that has gone quiet (sent by the idle-job sweep through sharding): delivering it starts the job's entity if
/// nothing else did, and the entity resumes from its journal; a running job with nothing in progress decides again. A job that is
/// busy, or has ended, ignores it.</summary>
public sealed record ResumeJob : IJobProtocol
{
    /// <summary>The one instance senders use (the message carries nothing).</summary>
    public static readonly ResumeJob Instance = new();
}
