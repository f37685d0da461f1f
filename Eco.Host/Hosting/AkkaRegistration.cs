using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;
using Akka.Hosting;
using Eco.Actors.Entities;
using Eco.Actors.Membership;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using ClusterOptions = Eco.Actors.Sharding.ClusterOptions;

namespace Eco.Host.Hosting;

/// <summary>Starts the node's actor system (Akka.Hosting): the composed HOCON, the sharding region of jobs and conversations, and
/// in a cluster the fast downing of crashed members.</summary>
internal static class AkkaRegistration
{
    public const string RegionTypeName = "eco";

    public static IServiceCollection AddEcoAkka(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var config = EcoHocon.Compose(configuration, cluster);
        services.AddSingleton<EcoEntities>();
        services.AddAkka(cluster.Name, (builder, sp) =>
        {
            builder.AddHocon(config, HoconAddMode.Prepend);
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            // As Akka.Cluster.Hosting's WithShardRegion does, with an allocation strategy of ours (it takes none).
            builder.AddHocon(ClusterSharding.DefaultConfig()
                .WithFallback(DistributedData.DefaultConfig())
                .WithFallback(ClusterSingleton.DefaultConfig()), HoconAddMode.Append);
            builder.StartActors(async (system, registry) =>
            {
                var sharding = ClusterSharding.Get(system);
                var settings = ClusterShardingSettings.Create(system);
                var region = await sharding.StartAsync(RegionTypeName, sp.GetRequiredService<EcoEntities>().PropsFor, settings,
                    new EcoMessageExtractor(sp.GetRequiredService<ShardResolver>()),
                    new SettledRebalanceStrategy(sharding.DefaultShardAllocationStrategy(settings)), StopEntity.Instance).ConfigureAwait(false);
                registry.Register<EcoRegion>(region);
            });
            builder.WithActors((system, _) =>
            {
                var member = Cluster.Get(system);
                member.RegisterOnMemberUp(() => sp.GetRequiredService<NodeReadiness>().MarkMemberUp());
                if (!cluster.Enabled || cluster.SeedEndpoints.Count == 0)
                {
                    member.Join(member.SelfAddress); // the first (or only) node: a cluster of its own that others join
                }
                if (cluster.Enabled)
                {
                    var leases = sp.GetRequiredService<RedisLeaseStore>();
                    system.ActorOf(CrashedMemberDowning.Props(
                        (address, token) => leases.ReleaseAllOfAsync(address.HostPort(), cluster.ShardCount, token),
                        sp.GetRequiredService<ILoggerFactory>().CreateLogger<CrashedMemberDowning>()), "crashed-member-downing");
                }
            });
        });
        return services;
    }
}
