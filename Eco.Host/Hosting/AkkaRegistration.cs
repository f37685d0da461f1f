using Akka.Actor;
using Akka.Pattern;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;
using Akka.Hosting;
using Eco.Actors.Entities;
using Eco.Actors.Membership;
using Eco.Actors.Revocations;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Streams.Providers;
using Microsoft.Extensions.Options;
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
                .WithFallback(ClusterSingleton.DefaultConfig())
                .WithFallback(DistributedPubSub.DefaultConfig()), HoconAddMode.Append);
            builder.StartActors(async (system, registry) =>
            {
                var sharding = ClusterSharding.Get(system);
                var settings = ClusterShardingSettings.Create(system);
                var region = await sharding.StartAsync(RegionTypeName, sp.GetRequiredService<EcoEntities>().PropsFor, settings,
                    new EcoMessageExtractor(sp.GetRequiredService<ShardResolver>()),
                    new SettledRebalanceStrategy(sharding.DefaultShardAllocationStrategy(settings)), StopEntity.Instance).ConfigureAwait(false);
                registry.Register<EcoRegion>(region);
                registry.Register<ProviderRegistryProxy>(StartProviderRegistry(system, sp));
                registry.Register<RevocationRegistryProxy>(StartRevocationRegistry(system, sp));
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

    /// <summary>The provider registry, one for the cluster (a singleton on the oldest node, restarted with backoff if its journal
    /// fails), and this node's follower of it. Returns the proxy that reaches the registry wherever it runs.</summary>
    private static IActorRef StartProviderRegistry(ActorSystem system, IServiceProvider sp)
    {
        var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
        var options = sp.GetRequiredService<IOptions<ProviderRegistryOptions>>().Value;
        var registry = ProviderRegistryActor.Props(llm.ConfiguredProviders(), llm.ConfiguredChain, sp.GetRequiredService<IProviderAdapters>(),
            sp.GetRequiredService<TimeProvider>(), options);
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(registry, "registry", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1));
        system.ActorOf(ClusterSingletonManager.Props(supervised, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "provider-registry");
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/provider-registry", ClusterSingletonProxySettings.Create(system)), "provider-registry-proxy");
        system.ActorOf(ProviderDirectoryActor.Props(sp.GetRequiredService<ProviderDirectory>(), proxy, options.Refresh), "provider-directory");
        return proxy;
    }

    /// <summary>The revocation registry, one for the cluster (a singleton on the oldest node, restarted with backoff if its journal
    /// fails), and this node's follower of it, which keeps the node's <see cref="RevocationList"/> current. Returns the proxy that
    /// reaches the registry wherever it runs.</summary>
    private static IActorRef StartRevocationRegistry(ActorSystem system, IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<RevocationOptions>>().Value;
        var registry = RevocationRegistryActor.Props(sp.GetRequiredService<TimeProvider>(), options);
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(registry, "registry", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1));
        system.ActorOf(ClusterSingletonManager.Props(supervised, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "revocation-registry");
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/revocation-registry", ClusterSingletonProxySettings.Create(system)), "revocation-registry-proxy");
        system.ActorOf(RevocationFollowerActor.Props(sp.GetRequiredService<RevocationList>(), proxy, options.Refresh), "revocation-follower");
        return proxy;
    }
}
