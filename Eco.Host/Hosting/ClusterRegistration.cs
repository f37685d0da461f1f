using Eco.Actors.Events;
using Eco.Actors.Events.Redis;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Eco.Host.Hosting;

/// <summary>Single node (default) or cluster mode: shard fences, the live-event publisher and Redis, in one place.</summary>
internal static class ClusterRegistration
{
    public static IServiceCollection AddEcoCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var enabled = configuration.GetValue<bool>("Eco:Cluster:Enabled");
        services.AddSingleton(new NodeReadiness(needsRedis: enabled));
        services.AddSingleton(sp => new ShardResolver(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ShardCount));
        if (!enabled)
        {
            services.AddSingleton(ShardFences.Unenforced);
            services.AddSingleton<ILiveEventPublisher>(sp => sp.GetRequiredService<LiveEventHub>());
            return services;
        }

        services.AddSingleton(sp => new ShardFences(sp.GetRequiredService<ShardResolver>(), sp.GetRequiredService<TimeProvider>(), enforced: true));
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Redis);
            options.AbortOnConnectFail = false; // start even if Redis is down; the multiplexer keeps reconnecting
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisLeaseStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Name));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return new RedisEventBus(sp.GetRequiredService<IConnectionMultiplexer>(), options.Name, options.NodeId, options.EventChannels,
                sp.GetRequiredService<LiveEventHub>(), sp.GetRequiredService<ILogger<RedisEventBus>>(),
                RedisEventBus.Retention.Of(options));
        });
        services.AddSingleton<ILiveEventPublisher>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddSingleton<IRemoteEventSource>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddHostedService<RedisReadiness>();
        return services;
    }
}

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
