namespace Eco.Actors.Jobs;

/// <summary>The answer to <see cref="SubmitJob"/>.</summary>
/// <param name="Created">False when the job id already existed (an idempotent retry).</param>
/// <param name="LastSeq">The job's last seq at the time of the reply.</param>
/// <param name="DifferentRequest">True when the job existed with another request: its id (an idempotency key) was reused for a
/// different one, which is refused, not answered with the first job.</param>
public sealed record SubmitOutcome(bool Created, long LastSeq, bool DifferentRequest = false) : IJobProtocol;
