namespace Eco.Actors.Jobs;

/// <summary>Starts a job; the reply (<see cref="SubmitOutcome"/>) comes once <c>job.accepted</c> is durable, or says the job existed.</summary>
/// <param name="Spec">What to run.</param>
public sealed record SubmitJob(JobSpec Spec) : IJobProtocol;
