namespace Eco.Actors.Jobs;

/// <summary>The answer to <see cref="SubmitJob"/>.</summary>
/// <param name="Created">False when the job id already existed (an idempotent retry).</param>
/// <param name="LastSeq">The job's last seq at the time of the reply.</param>
public sealed record SubmitOutcome(bool Created, long LastSeq) : IJobProtocol;
