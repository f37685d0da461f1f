using System.Collections.Concurrent;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Sharding;

/// <summary>Keeps this node's share of the shards: renews its leases, takes free shards up to its even share, gives surplus back.</summary>
/// <remarks>
/// Every node computes the same targets from the same live-member list (sorted by id): shard count ÷ nodes, the first
/// <c>count mod nodes</c> nodes one more, so a stable cluster spreads with max − min ≤ 1. A node over its target releases shards,
/// one it is under takes free ones, at most <see cref="ClusterOptions.MaxMovesPerTick"/> per tick (bounded rebalancing). Before a
/// newly acquired shard's jobs are touched, the journal's fence for it is raised to the new token, so the previous holder — even one
/// that does not yet know it lost the lease — can no longer append (invariant 2). A shard whose lease could not be renewed is
/// stopped at once. A dead node's shards become free when its leases expire: takeover ≤ lease TTL + one tick.
/// <para>
/// Fencing refuses a stale owner's appends, but not a model call it has under way. So a node also fences itself: once ¾ of a
/// lease has passed since it last asked to renew a shard's lease (Redis unreachable, a tick stuck), it stops appending to the shard
/// and cancels the shard's work — measured on its own monotonic clock from before the request left, so before the lease can
/// lapse in Redis and another node resume the same jobs. The last quarter is the time to cancel, and covers clock-rate drift.
/// </para>
/// </remarks>
public sealed class ShardCoordinator : IShardOwnership
{
    private readonly ClusterOptions _options;
    private readonly ILeaseStore _leases;
    private readonly IJournal _journal;
    private readonly ShardResolver _resolver;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, ShardLease> _owned = new();
    private readonly ConcurrentDictionary<int, long> _fences = new();
    // Per held shard: until when (TimeProvider timestamp) this node may act on it without a newer renewal; see SelfFenceOverdueAsync.
    private readonly ConcurrentDictionary<int, long> _actUntil = new();
    private readonly long _actFor;
    private readonly Func<int, CancellationToken, Task> _onAcquired;
    private readonly Func<int, Task> _onLost;
    private readonly DateTimeOffset _startedAt;
    private volatile IReadOnlyDictionary<int, ShardLease> _owners = new Dictionary<int, ShardLease>();
    private volatile IReadOnlyDictionary<string, NodeInfo> _nodes = new Dictionary<string, NodeInfo>();
    private volatile bool _leaving;
    private volatile bool _downed;
    private DateTimeOffset _nextSweep;
    private long _renewedAt; // when this node last renewed every lease it holds (TimeProvider timestamp)
    // A tick and a leave never interleave: a tick that began before the leave could otherwise acquire shards after the leave
    // released them, or heartbeat this node back as "up" after the leave deregistered it.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly string _incarnation = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _firstTick = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the coordinator; <paramref name="onAcquired"/> resumes a shard's jobs, <paramref name="onLost"/> stops them.</summary>
    public ShardCoordinator(ClusterOptions options, string address, ILeaseStore leases, IJournal journal, TimeProvider time, ILogger logger,
        Func<int, CancellationToken, Task> onAcquired, Func<int, Task> onLost)
    {
        _options = options;
        Address = address;
        _leases = leases;
        _journal = journal;
        _resolver = new ShardResolver(options.ShardCount);
        _time = time;
        _logger = logger;
        _onAcquired = onAcquired;
        _onLost = onLost;
        _startedAt = time.GetUtcNow();
        _actFor = (long)(options.LeaseTtl.TotalSeconds * 3 / 4 * time.TimestampFrequency);
    }

    /// <summary>This node's id.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>This node's advertised address.</summary>
    public string Address { get; }

    /// <summary>The shard resolver of the cluster.</summary>
    public ShardResolver Resolver => _resolver;

    /// <summary>Shards this node holds now.</summary>
    public IReadOnlyCollection<int> OwnedShards => [.. _owned.Keys.Order()];

    /// <summary>The leases of this node.</summary>
    public IReadOnlyCollection<ShardLease> OwnedLeases => [.. _owned.Values.OrderBy(l => l.Shard)];

    /// <summary>Shard owners as of the last tick.</summary>
    public IReadOnlyDictionary<int, ShardLease> Owners => _owners;

    /// <summary>Live members as of the last tick.</summary>
    public IReadOnlyDictionary<string, NodeInfo> Nodes => _nodes;

    /// <summary>Completes after the first tick (membership registered, first shards taken).</summary>
    public Task FirstTick => _firstTick.Task;

    /// <inheritdoc />
    /// <remarks>Not once this node failed to renew the shard's lease in time, even before the watchdog has stopped its work (a
    /// node that was frozen acts on its own clock the moment it runs again).</remarks>
    public bool IsLocal(JobId job) => MayActOn(_resolver.ShardOf(job), out _);

    /// <inheritdoc />
    /// <remarks>Never this node: a shard the last tick saw here but no longer held (just handed over) has no known owner until
    /// the next tick, rather than one that would forward to itself.</remarks>
    public NodeInfo? OwnerOf(JobId job) =>
        _owners.TryGetValue(_resolver.ShardOf(job), out var lease) && lease.NodeId != NodeId && _nodes.TryGetValue(lease.NodeId, out var node)
            ? node
            : null;

    /// <inheritdoc />
    public Fence? FenceFor(JobId job)
    {
        var shard = _resolver.ShardOf(job);
        return MayActOn(shard, out var token) ? new Fence(shard, token) : throw new NotShardOwnerException(job, shard);
    }

    // The one answer to "may this node append to, or call the model for, the shard's jobs now": it holds the shard, its fence
    // stands (a renewal found the lease taken drops it), and its renewal deadline has not passed.
    private bool MayActOn(int shard, out long fence)
    {
        fence = 0;
        return _owned.ContainsKey(shard) && _fences.TryGetValue(shard, out fence)
            && _actUntil.TryGetValue(shard, out var until) && _time.GetTimestamp() < until;
    }

    /// <summary>
    /// Runs ticks until stopped; a failing tick (Redis down) is logged and retried — leases keep their TTL meanwhile. Beside the
    /// ticks, a watchdog that never waits on Redis stops the shards whose renewal is overdue (a tick can hang on a lost connection).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var watchdog = WatchLeaseDeadlinesAsync(cancellationToken);
        try
        {
            using var timer = new PeriodicTimer(_options.Tick, _time);
            do
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                    _firstTick.TrySetResult();
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    ActorsLog.CoordinatorTickFailed(_logger, NodeId, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            await watchdog.ConfigureAwait(false);
        }
    }

    private async Task WatchLeaseDeadlinesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Min(_options.Tick.Ticks, _options.LeaseTtl.Ticks / 8)), _time);
        var stopping = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                stopping.RemoveAll(stop => stop.IsCompleted);
                stopping.Add(SelfFenceOverdueAsync()); // fenced at once; the entities' stop is not waited for here
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops every held shard whose lease this node has not managed to renew for ¾ of a lease: its appends and model calls are
    /// refused from that deadline on (see MayActOn); here its entities are stopped too. The lease is left to lapse in Redis.
    /// </summary>
    /// <returns>Completes when the shards' entities have stopped.</returns>
    private async Task SelfFenceOverdueAsync()
    {
        var now = _time.GetTimestamp();
        var overdue = _actUntil.Where(held => now >= held.Value && _actUntil.TryRemove(held)).ToList();
        foreach (var (shard, until) in overdue)
        {
            ActorsLog.ShardSelfFenced(_logger, NodeId, shard, _time.GetElapsedTime(until - _actFor, now));
        }
        try
        {
            await Task.WhenAll(overdue.Select(held => LoseAsync(held.Key))).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ActorsLog.CoordinatorTickFailed(_logger, NodeId, ex); // the fence is down already; a slow stop is only logged
        }
    }

    /// <summary>One round: heartbeat, renew, then correct this node's share toward its target.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TickAloneAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task TickAloneAsync(CancellationToken cancellationToken)
    {
        var self = Self;
        if (!_downed && !await _leases.HeartbeatAsync(self, _options.LeaseTtl, cancellationToken).ConfigureAwait(false))
        {
            // An operator downed this incarnation (we were thought dead): stop every shard and stay out until restarted.
            _downed = true;
            ActorsLog.NodeDowned(_logger, NodeId);
            foreach (var shard in _owned.Keys.ToList())
            {
                await LoseAsync(shard).ConfigureAwait(false);
            }
        }
        if (_downed)
        {
            return;
        }

        foreach (var shard in await RenewHeldAsync(handingOff: null, cancellationToken).ConfigureAwait(false))
        {
            await LoseAsync(shard).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        if (_options.SweepEvery > TimeSpan.Zero && now >= _nextSweep)
        {
            // Sweep: unfinished jobs of owned shards that are not loaded (their entity gave up while the journal was down).
            // Not on the first tick: acquiring a shard resumes its jobs already.
            if (_nextSweep != default)
            {
                foreach (var shard in _owned.Keys.ToList())
                {
                    await _onAcquired(shard, cancellationToken).ConfigureAwait(false);
                }
            }
            _nextSweep = now + _options.SweepEvery;
        }

        var nodes = await _leases.GetLiveNodesAsync(cancellationToken).ConfigureAwait(false);
        _nodes = nodes.ToDictionary(n => n.NodeId);
        var owners = await _leases.GetOwnersAsync(_options.ShardCount, cancellationToken).ConfigureAwait(false);
        _owners = owners;

        var target = Target(nodes);
        var owned = _owned.Keys.Order().ToList();
        if (owned.Count > target)
        {
            // Give back the highest shards first: every node agrees on which ones move, so they move once.
            foreach (var shard in owned.OrderDescending().Take(Math.Min(owned.Count - target, _options.MaxMovesPerTick)))
            {
                await HandOffAsync(shard, cancellationToken).ConfigureAwait(false);
                await RenewIfDueAsync(handingOff: null, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (owned.Count < target)
        {
            var wanted = Math.Min(target - owned.Count, _options.MaxMovesPerTick);
            foreach (var shard in Enumerable.Range(0, _options.ShardCount).Where(s => !owners.ContainsKey(s)))
            {
                if (wanted == 0)
                {
                    break;
                }
                var asked = _time.GetTimestamp();
                if (await _leases.TryAcquireAsync(shard, self, _options.LeaseTtl, cancellationToken).ConfigureAwait(false) is { } lease)
                {
                    // Before any job of the shard runs: from now on the previous holder's appends are refused.
                    _fences[shard] = await _journal.RaiseFenceAsync(shard, lease.Token, cancellationToken).ConfigureAwait(false);
                    _actUntil[shard] = asked + _actFor;
                    _owned[shard] = lease;
                    wanted--;
                    ActorsLog.ShardAcquired(_logger, NodeId, shard, _fences[shard]);
                    await _onAcquired(shard, cancellationToken).ConfigureAwait(false);
                    await RenewIfDueAsync(handingOff: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Leaves the cluster gracefully: stop each shard's entities, release its lease, then deregister.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var shard in _owned.Keys.Order().ToList())
            {
                await HandOffAsync(shard, cancellationToken).ConfigureAwait(false);
            }
            await _leases.RemoveNodeAsync(NodeId, _options.ShardCount, down: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>True once an operator downed this node's incarnation.</summary>
    public bool IsDowned => _downed;

    private NodeInfo Self => new(NodeId, Address, _startedAt, _downed ? "down" : _leaving ? "leaving" : "up", _incarnation);

    private int Target(IReadOnlyList<NodeInfo> nodes)
    {
        if (_leaving)
        {
            return 0;
        }
        var members = nodes.Where(n => n.Status == "up").Select(n => n.NodeId).Append(NodeId).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = members.IndexOf(NodeId);
        return _options.ShardCount / members.Count + (index < _options.ShardCount % members.Count ? 1 : 0);
    }

    private async Task HandOffAsync(int shard, CancellationToken cancellationToken)
    {
        if (!_owned.TryGetValue(shard, out var lease))
        {
            return;
        }
        // Entities stop (their work resumes on the next owner) before the lease goes. A stop can outlast a lease (an append or a
        // recovery in flight, on a busy node): meanwhile this node keeps renewing what it holds, this shard included, so no other
        // node starts the same jobs beside ours (fencing refuses a stale append, but not a model call already under way).
        var stopping = LoseAsync(shard);
        while (await Task.WhenAny(stopping, Task.Delay(_options.Tick, _time, cancellationToken)).ConfigureAwait(false) != stopping)
        {
            await RenewIfDueAsync(handingOff: lease, cancellationToken).ConfigureAwait(false);
        }
        await stopping.ConfigureAwait(false);
        await _leases.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
        ActorsLog.ShardReleased(_logger, NodeId, shard);
    }

    /// <summary>
    /// Renews every lease this node holds (and the one being handed off) when a tick's moves have taken longer than a tick since
    /// the last renewal: a tick busy moving shards must not let the others lapse while their entities still run here.
    /// </summary>
    private async Task RenewIfDueAsync(ShardLease? handingOff, CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_renewedAt) < _options.Tick)
        {
            return;
        }
        foreach (var shard in await RenewHeldAsync(handingOff, cancellationToken).ConfigureAwait(false))
        {
            // Taken over meanwhile: without its fence nothing more is appended or asked of the model here (MayActOn); the next tick
            // stops the shard's entities.
            _fences.TryRemove(shard, out _);
        }
    }

    /// <summary>The one place leases are renewed: every lease this node holds (and the one being handed off, if any).</summary>
    /// <returns>The held shards whose lease could not be renewed (another node has them now).</returns>
    private async Task<List<int>> RenewHeldAsync(ShardLease? handingOff, CancellationToken cancellationToken)
    {
        _renewedAt = _time.GetTimestamp();
        if (handingOff is not null)
        {
            await _leases.RenewAsync(handingOff, _options.LeaseTtl, cancellationToken).ConfigureAwait(false);
        }
        var lost = new List<int>();
        foreach (var lease in _owned.Values)
        {
            if (!_actUntil.TryGetValue(lease.Shard, out var actedUntil))
            {
                continue; // fenced itself meanwhile: the lease is left to lapse
            }
            var asked = _time.GetTimestamp();
            if (!await _leases.RenewAsync(lease, _options.LeaseTtl, cancellationToken).ConfigureAwait(false))
            {
                ActorsLog.ShardLost(_logger, NodeId, lease.Shard);
                lost.Add(lease.Shard);
                continue;
            }
            // Not if the watchdog took the shard away while the renewal was on its way (its entities are stopping).
            _actUntil.TryUpdate(lease.Shard, asked + _actFor, actedUntil);
        }
        return lost;
    }

    private async Task LoseAsync(int shard)
    {
        _owned.TryRemove(shard, out _);
        _fences.TryRemove(shard, out _);
        _actUntil.TryRemove(shard, out _);
        await _onLost(shard).ConfigureAwait(false);
    }
}
