namespace Eco.Actors.Jobs;

/// <summary>Ends a running job now with <c>job.failed</c> (e.g. a newer message interrupted this turn); ignored once the job has ended.</summary>
/// <param name="Reason">Why, for the client.</param>
public sealed record CancelJob(string Reason) : IJobProtocol;
