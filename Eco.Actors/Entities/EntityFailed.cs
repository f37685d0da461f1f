namespace Eco.Actors.Entities;

/// <summary>An entity tells its supervisor why it is about to stop (a failed write or recovery), before it stops.</summary>
/// <param name="Reason">What failed, for the log and for the job's <c>job.failed</c> if the supervisor gives up.</param>
public sealed record EntityFailed(string Reason);
