namespace Eco.Actors.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus
{
    /// <summary>No event yet.</summary>
    New,
    /// <summary>Accepted and not yet ended.</summary>
    Running,
    /// <summary>Ended with <c>job.completed</c>.</summary>
    Completed,
    /// <summary>Ended with <c>job.failed</c>.</summary>
    Failed,
}
