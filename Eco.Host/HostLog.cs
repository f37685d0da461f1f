namespace Eco.Host;

/// <summary>Source-generated logs of Eco.Host (event ids 3000–3999).</summary>
internal static partial class HostLog
{
    [LoggerMessage(3002, LogLevel.Warning, "Redis is not reachable yet; this node stays not-ready and asks again in {Backoff}")]
    public static partial void RedisNotReachable(ILogger logger, TimeSpan backoff, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "Submission of job {JobId} got no answer ({Reason}); sending it again (same job id) until the hand-off patience ends")]
    public static partial void SubmitRetried(ILogger logger, string jobId, string reason);

    [LoggerMessage(3020, LogLevel.Warning, "Could not journal {Buckets} provider usage bucket(s); they go with the next flush")]
    public static partial void UsageFlushFailed(ILogger logger, int buckets, Exception exception);

    [LoggerMessage(3021, LogLevel.Warning, "Could not delete provider usage older than the retention; trying again in an hour")]
    public static partial void UsagePruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(3030, LogLevel.Warning, "Could not sweep ended jobs from the per-user job counts; trying again in a minute")]
    public static partial void UserJobSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(3031, LogLevel.Information, "Ended {Streams} job stream(s) whose token was revoked (revocation list revision {Revision})")]
    public static partial void StreamsEndedByRevocation(ILogger logger, int streams, long revision);

    [LoggerMessage(3032, LogLevel.Warning, "Woke {Jobs} unfinished job(s) with no event for {IdleAfter} (first: {Examples}); a job whose entity was running ignores it")]
    public static partial void IdleJobsWoken(ILogger logger, int jobs, TimeSpan idleAfter, string examples);

    [LoggerMessage(3033, LogLevel.Warning, "Could not sweep for quiet unfinished jobs; trying again in {Every}")]
    public static partial void IdleJobSweepFailed(ILogger logger, TimeSpan every, Exception exception);

    [LoggerMessage(3040, LogLevel.Information, "Deleted {Images} uploaded photo(s) older than {RetainFor}")]
    public static partial void ImagesExpired(ILogger logger, int images, TimeSpan retainFor);

    [LoggerMessage(3041, LogLevel.Warning, "Could not delete uploaded photos past their retention; trying again in an hour")]
    public static partial void ImageSweepFailed(ILogger logger, Exception exception);
}
