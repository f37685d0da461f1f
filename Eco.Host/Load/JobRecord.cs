namespace Eco.Host.Load;

/// <summary>One job as a virtual user saw it.</summary>
internal sealed record JobRecord(
    string? JobId, bool Scan, TimeSpan Started, TimeSpan Ended, bool Completed, bool Violation, TimeSpan? FirstEvent, TimeSpan? FirstToken,
    string? Error, TimeSpan Bare)
{
    public TimeSpan Duration => Ended - Started;

    public static JobRecord Failed(bool scan, TimeSpan started, TimeSpan ended, string error, string? jobId = null, bool violation = false) =>
        new(jobId, scan, started, ended, false, violation, null, null, error, TimeSpan.Zero);
}
