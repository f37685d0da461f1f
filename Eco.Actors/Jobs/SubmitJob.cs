namespace Eco.Actors.Jobs;

/// <summary>Starts a job; the reply (<see cref="SubmitOutcome"/>) comes once <c>job.accepted</c> is durable, or says the job existed.</summary>
/// <param name="Spec">What to run.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the submit's span (or of its request, when nothing records spans), so
/// the job's stage spans and log lines join the submit's trace on whichever node runs them; not journaled (a job resumed after a
/// restart or a hand-off starts a trace of its own).</param>
public sealed record SubmitJob(JobSpec Spec, string? TraceParent = null) : IJobProtocol;
