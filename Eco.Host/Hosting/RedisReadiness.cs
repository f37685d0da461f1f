using StackExchange.Redis;

namespace Eco.Host.Hosting;

/// <summary>A node may start while Redis is down (a restart, a pod scheduled first): it stays not ready, instead of failing its host,
/// until Redis answers. Its shards wait for their leases meanwhile.</summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis, NodeReadiness readiness, ILogger<RedisReadiness> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                readiness.MarkRedisReady();
                return;
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && !stoppingToken.IsCancellationRequested)
            {
                HostLog.RedisNotReachable(logger, backoff, ex);
            }
            await Task.Delay(backoff, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
