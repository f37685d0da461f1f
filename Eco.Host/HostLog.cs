namespace Eco.Host;

/// <summary>Source-generated logs of Eco.Host (event ids 3000–3999).</summary>
internal static partial class HostLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Leaving the cluster gracefully failed; peers take the shards over when the leases expire")]
    public static partial void LeaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(3001, LogLevel.Warning, "Sweep for unfinished jobs failed; retrying at the next sweep")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(3002, LogLevel.Warning, "Redis is not reachable yet; this node stays not-ready and subscribes again in {Backoff}")]
    public static partial void RedisNotReachable(ILogger logger, TimeSpan backoff, Exception exception);

    [LoggerMessage(3003, LogLevel.Warning, "Submission of job {JobId} could not be forwarded to its owner {Owner} ({Reason}); retrying until the handoff patience ends")]
    public static partial void ForwardFailed(ILogger logger, string jobId, string owner, string reason);
}
