using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Eco.Actors.Revocations;

/// <summary>Keeps this node's <see cref="RevocationList"/> on the registry's latest state: every change is pushed to it over
/// pub-sub; it also asks the registry when it starts and then every refresh, in case a push was missed (the registry moving, a node
/// joining). The registry answers only when it has a newer state: the list travels whole.</summary>
public sealed class RevocationFollowerActor : ReceiveActor, IWithTimers
{
    private readonly IActorRef _registry;
    private readonly TimeSpan _refresh;

    /// <summary>Use <see cref="Props"/>; public for Akka's activator.</summary>
    public RevocationFollowerActor(RevocationList list, IActorRef registry, TimeSpan refresh)
    {
        _registry = registry;
        _refresh = refresh;
        Receive<RevocationState>(state =>
        {
            list.Apply(state); // its bool says "newer", not "handled": a lambda returning it would log every repeat as unhandled
        });
        Receive<Refresh>(_ => _registry.Tell(new GetRevocations(list.IsLoaded ? list.State.Revision : -1)));
        Receive<SubscribeAck>(_ => { });
    }

    /// <summary>Props of a node's follower.</summary>
    /// <param name="list">The list it keeps current.</param>
    /// <param name="registry">The registry (a cluster singleton proxy).</param>
    /// <param name="refresh">How often it asks the registry for its state.</param>
    public static Props Props(RevocationList list, IActorRef registry, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new RevocationFollowerActor(list, registry, refresh));

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(RevocationRegistryActor.Topic, Self));
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.Zero, _refresh);
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }
}
