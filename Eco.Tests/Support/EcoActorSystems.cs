using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Actor;
using Eco.Actors.Events;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Actors.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.Support;

/// <summary>Actor systems wired as a node's are for entity and plugin tests: the node's own HOCON (Eco's persistence plugins and
/// serializers) over a real journal, with a local provider instead of a cluster.</summary>
public static class EcoActorSystems
{
    /// <summary>The node's HOCON file as the build copies it next to the tests.</summary>
    public static Config NodeHocon() => ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "eco.conf")));

    /// <summary>A setup whose persistence plugins use <paramref name="journal"/> (and the given fences and clock).</summary>
    public static ActorSystemSetup Setup<TJournal>(TJournal journal, ShardFences? fences = null, TimeProvider? time = null, LiveEventHub? hub = null,
        string extraHocon = "")
        where TJournal : IJournal, ISnapshotStore
    {
        hub ??= new LiveEventHub();
        var services = new ServiceCollection()
            .AddSingleton<IJournal>(journal)
            .AddSingleton<ISnapshotStore>(journal)
            .AddSingleton(fences ?? ShardFences.Unenforced)
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(hub)
            .AddSingleton(new JobWatcher(journal, hub, idleRecheck: TimeSpan.FromSeconds(30)))
            .BuildServiceProvider();
        var config = ConfigurationFactory.ParseString($"""
            akka.actor.provider = local
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            {extraHocon}
            """).WithFallback(NodeHocon());
        return BootstrapSetup.Create().WithConfig(config).And(DependencyResolverSetup.Create(services));
    }

    /// <summary>Creates an actor system from <paramref name="setup"/> with its scheduler already running.</summary>
    public static ActorSystem Create(string name, ActorSystemSetup setup) => StartScheduler(ActorSystem.Create(name, setup));

    /// <summary>
    /// Starts <paramref name="system"/>'s scheduler now, from the calling thread. Akka's scheduler starts its clock lazily, on the first
    /// timer, with <c>Task.Run</c>, and blocks the scheduling thread until the clock runs: when dozens of actors schedule their first
    /// timers at once (recoveries), every pool thread blocks there and the clock waits behind them in the pool's queue — a stall of
    /// 10–20 s on 2 cores until enough threads are injected. A node never meets it (the cluster schedules its timers at start); a local
    /// system in a test would.
    /// </summary>
    public static ActorSystem StartScheduler(ActorSystem system)
    {
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
        return system;
    }
}
