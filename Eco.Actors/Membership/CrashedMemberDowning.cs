using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Membership;

/// <summary>Downs a member as soon as its process is known to be gone, rather than after the failure detector and the Split Brain
/// Resolver have waited for it, and drops its shard leases so its shards start elsewhere at once.</summary>
/// <remarks>
/// <para>When a member's connection drops or it becomes unreachable, this asks its remoting port twice, 150 ms apart. A live
/// node always listens there, and so does a frozen one (the kernel still accepts for a stopped process), so "connection refused"
/// twice means no process is left at that address: a crash, a kill, an OOM kill, with the host still up. Only then is the member
/// downed here; a refused port cannot be half of a partition. A timeout or an accepted connection proves nothing, and the
/// Split Brain Resolver decides as always (a partition, a frozen node, a host that vanished).</para>
/// <para>The gone incarnation is also quarantined (its uid can never come back: a restart is a new one), which makes the cluster
/// treat it as terminated at once instead of waiting for the failure detector before the leader may remove it. Its leases are
/// dropped because a process that is gone renews nothing; the next holders raise the shards' fences as they acquire them, so even
/// a wrong guess could not append.</para>
/// </remarks>
public sealed class CrashedMemberDowning : ReceiveActor
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SecondLook = TimeSpan.FromMilliseconds(150);

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly Func<Address, CancellationToken, Task<int>> _dropLeases;
    private readonly ILogger _logger;
    private readonly HashSet<Address> _probing = [];

    /// <summary>Creates the actor.</summary>
    /// <param name="dropLeases">Drops every shard lease a downed member holds; returns how many.</param>
    /// <param name="logger">The log.</param>
    public CrashedMemberDowning(Func<Address, CancellationToken, Task<int>> dropLeases, ILogger logger)
    {
        _dropLeases = dropLeases;
        _logger = logger;
        Receive<DisassociatedEvent>(e => Suspect(e.RemoteAddress));
        Receive<ClusterEvent.UnreachableMember>(e => Suspect(e.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Probed>(OnProbed);
        Receive<LeasesDropped>(dropped => ActorsLog.CrashedMemberDowned(_logger, dropped.Address.ToString(), dropped.Count));
        Receive<Status.Failure>(failure => ActorsLog.CrashedMemberLeasesKept(_logger, "?", failure.Cause));
    }

    /// <summary>The props of the actor.</summary>
    public static Props Props(Func<Address, CancellationToken, Task<int>> dropLeases, ILogger logger) =>
        Akka.Actor.Props.Create(() => new CrashedMemberDowning(dropLeases, logger));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void Suspect(Address address)
    {
        if (IsLiveMember(address) && _probing.Add(address))
        {
            ProbeAsync(address).PipeTo(Self);
        }
    }

    private bool IsLiveMember(Address address) =>
        !address.Equals(_cluster.SelfAddress)
        && _cluster.State.Members.Any(m => m.Address.Equals(address) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining);

    private void OnProbed(Probed probed)
    {
        _probing.Remove(probed.Address);
        if (!probed.Gone || !IsLiveMember(probed.Address))
        {
            return;
        }
        var member = _cluster.State.Members.First(m => m.Address.Equals(probed.Address));
        _cluster.Down(probed.Address);
        ((RemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Quarantine(member.Address, member.UniqueAddress.Uid);
        var address = probed.Address;
        Drop(address).PipeTo(Self);
    }

    private async Task<LeasesDropped> Drop(Address address)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return new LeasesDropped(address, await _dropLeases(address, timeout.Token).ConfigureAwait(false));
    }

    private static async Task<Probed> ProbeAsync(Address address)
    {
        var gone = await RefusedAsync(address).ConfigureAwait(false);
        if (gone)
        {
            await Task.Delay(SecondLook).ConfigureAwait(false);
            gone = await RefusedAsync(address).ConfigureAwait(false);
        }
        return new Probed(address, gone);
    }

    private static async Task<bool> RefusedAsync(Address address)
    {
        if (address.Host is null || address.Port is not { } port)
        {
            return false;
        }
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(address.Host, port, timeout.Token).ConfigureAwait(false);
            return false; // someone listens: alive, or frozen with its socket open
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false; // unreachable or slow: proves nothing
        }
    }

    private sealed record Probed(Address Address, bool Gone);

    private sealed record LeasesDropped(Address Address, int Count);
}
