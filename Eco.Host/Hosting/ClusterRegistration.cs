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
