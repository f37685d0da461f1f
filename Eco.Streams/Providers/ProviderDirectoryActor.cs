using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Eco.Streams.Providers;

/// <summary>Keeps this node's <see cref="ProviderDirectory"/> on the registry's latest state: every change is pushed to it over
/// pub-sub; it also asks the registry when it starts and then every <see cref="ProviderRegistryOptions.Refresh"/>, in case a push
/// was missed (the registry moving, a node joining). It forwards reports of providers failing in use to the registry.</summary>
public sealed class ProviderDirectoryActor : ReceiveActor, IWithTimers
{
    private readonly ProviderDirectory _directory;
    private readonly IActorRef _registry;
    private readonly TimeSpan _refresh;
    private readonly Action<string, string> _failed;

    /// <summary>Use <see cref="Props"/>; public for Akka's activator.</summary>
    public ProviderDirectoryActor(ProviderDirectory directory, IActorRef registry, TimeSpan refresh)
    {
        _directory = directory;
        _registry = registry;
        _refresh = refresh;
        var self = Self;
        _failed = (provider, reason) => self.Tell(new ProbeProviderNow(provider, reason));
        Receive<ProviderRegistryState>(state => { _directory.Apply(state); }); // a block: Apply's bool is not "handled?"
        Receive<RegistryResult>(result => _directory.Apply(result.State));
        Receive<ProbeProviderNow>(failing => _registry.Tell(failing));
        Receive<Refresh>(_ => _registry.Tell(GetProviderRegistry.Instance));
        Receive<SubscribeAck>(_ => { });
    }

    /// <summary>Props of a node's directory follower.</summary>
    /// <param name="directory">The directory it keeps current.</param>
    /// <param name="registry">The registry (a cluster singleton proxy).</param>
    /// <param name="refresh">How often it asks the registry for its state.</param>
    public static Props Props(ProviderDirectory directory, IActorRef registry, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new ProviderDirectoryActor(directory, registry, refresh));

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ProviderRegistryActor.Topic, Self));
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.Zero, _refresh);
        _directory.ProviderFailed += _failed;
    }

    /// <inheritdoc />
    protected override void PostStop() => _directory.ProviderFailed -= _failed;

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }
}
