namespace Eco.Host.Limits;

/// <summary>Sweeps <see cref="UserJobLimiter"/> once a minute (jobs that ended on any node, users gone quiet).</summary>
internal sealed class UserJobSweeper(UserJobLimiter limiter, TimeProvider time, ILogger<UserJobSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await limiter.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                HostLog.UserJobSweepFailed(logger, ex); // the journal is away: the next minute tries again
            }
        }
    }
}
