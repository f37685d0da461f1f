using Eco.Actors.Entities;
using Eco.Actors.Events;
using Eco.Actors.Events.Redis;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Streams.Chat.Conversations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Eco.Host.Hosting;

/// <summary>Single node (default) or cluster mode: the choice of ownership, live-event publisher and recovery, in one place.</summary>
internal static class ClusterRegistration
{
    public static IServiceCollection AddEcoCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient("eco-forward", client => client.Timeout = TimeSpan.FromSeconds(35));
        if (!configuration.GetValue<bool>("Eco:Cluster:Enabled"))
        {
            services.AddSingleton<IShardOwnership>(LocalOwnership.Instance);
            services.AddSingleton<ILiveEventPublisher>(sp => sp.GetRequiredService<LiveEventHub>());
            services.AddHostedService<JobRecoveryService>();
            return services;
        }

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Redis);
            options.AbortOnConnectFail = false; // start even if Redis is down; the multiplexer keeps reconnecting
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<ILeaseStore>(sp => new RedisLeaseStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Name));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return new RedisEventBus(sp.GetRequiredService<IConnectionMultiplexer>(), options.Name, options.NodeId, options.EventChannels,
                sp.GetRequiredService<LiveEventHub>(), sp.GetRequiredService<ILogger<RedisEventBus>>(),
                RedisEventBus.Retention.Of(options));
        });
        services.AddSingleton<ILiveEventPublisher>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddSingleton<IRemoteEventSource>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var journal = sp.GetRequiredService<IJournal>();
            var logger = sp.GetRequiredService<ILogger<ShardCoordinator>>();
            var resolver = new ShardResolver(options.ShardCount);
            var address = options.Address ?? (configuration["Eco:Urls"] ?? EcoServer.DefaultUrls).Split(';')[0];
            // The regions are resolved when a shard moves, not now: they depend on this coordinator (for fences).
            return new ShardCoordinator(options, address, sp.GetRequiredService<ILeaseStore>(), journal, sp.GetRequiredService<TimeProvider>(), logger,
                onAcquired: (shard, token) => JobRecovery.ResumeUnfinishedAsync(journal, sp.GetRequiredService<EntityRegion<IJobMessage>>(),
                    id => resolver.ShardOf(id) == shard && !ConversationIds.IsConversation(id), logger, token),
                onLost: async shard =>
                {
                    await sp.GetRequiredService<EntityRegion<IJobMessage>>().StopWhereAsync(id => resolver.ShardOf(id) == shard, TimeSpan.FromSeconds(30));
                    await sp.GetRequiredService<ConversationHub>().StopShardAsync(id => resolver.ShardOf(id) == shard);
                });
        });
        services.AddSingleton<IShardOwnership>(sp => sp.GetRequiredService<ShardCoordinator>());
        services.AddHostedService<ClusterService>();
        return services;
    }
}

/// <summary>Runs this node's part of the cluster: the lease loop once Redis answers, and a graceful leave on shutdown.</summary>
internal sealed class ClusterService(ShardCoordinator coordinator, IConnectionMultiplexer redis, NodeReadiness readiness, ILogger<ClusterService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRedisBackoff = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitUntilRedisAnswersAsync(stoppingToken);
        var loop = coordinator.RunAsync(stoppingToken);
        await Task.WhenAny(coordinator.FirstTick, loop);
        readiness.MarkReady();
        try
        {
            await loop;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>
    /// A node may start while Redis is down (a restart, a pod scheduled first): it waits, not ready, until Redis answers,
    /// instead of failing its host.
    /// </summary>
    private async Task WaitUntilRedisAnswersAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && !stoppingToken.IsCancellationRequested)
            {
                HostLog.RedisNotReachable(logger, backoff, ex);
            }
            await Task.Delay(backoff, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRedisBackoff.Ticks));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Graceful leave: every shard's entities stop and its lease is released, so peers take over at once, not after the TTL.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await coordinator.LeaveAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            HostLog.LeaveFailed(logger, ex);
        }
    }
}
