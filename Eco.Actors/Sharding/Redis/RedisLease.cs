using System.Globalization;
using Akka.Actor;
using Akka.Coordination;
using Akka.DependencyInjection;
using Eco.Actors.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Actors.Sharding.Redis;

/// <summary>An Akka.Coordination lease held in Redis: a shard's (what sharding's <c>use-lease</c> takes before a shard's entities start
/// on a node, and what stops them when it is lost), or the Split Brain Resolver's (<c>lease-majority</c>: the side that holds it
/// survives a partition).</summary>
/// <remarks>
/// <para>Akka's lease API carries no fencing token, so a shard's lease keeps it beside: on acquiring, the journal raises the
/// shard's fence to the lease's token (Redis INCR) before <see cref="Acquire(Action{Exception})"/> returns, so from then on every
/// older holder's appends are refused — even a zombie's that does not know it lost the shard. The grant goes to
/// <see cref="ShardFences"/>, which the journal plugin and every model call consult.</para>
/// <para>Self-fencing: a hold expires on this node's own monotonic clock ¾ of a lease after the last renewal that left
/// (<c>heartbeat-timeout</c> is the lease's TTL in Redis), so a node frozen or cut off from Redis stops appending and calling the
/// model before its lease can lapse and another node resume the shard's jobs. A watchdog that never waits on Redis tells Akka the
/// lease is lost at that deadline, and sharding stops the shard's entities.</para>
/// </remarks>
public sealed class RedisLease : Lease
{
    private readonly RedisLeaseStore _store;
    private readonly IJournal _journal;
    private readonly ShardFences _fences;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int? _shard;
    private readonly string _lease;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _renewEvery;
    private readonly TimeSpan _operationTimeout;
    private readonly long _actFor;
    private readonly Lock _gate = new();
    private Holding? _holding;

    /// <summary>Created by Akka's lease provider: for a shard (<c>{system}-shard-{type}-{shard}</c>) or another name.</summary>
    public RedisLease(LeaseSettings settings, ExtendedActorSystem system) : base(settings)
    {
        var services = DependencyResolver.For(system).Resolver;
        _store = services.GetService<RedisLeaseStore>();
        _journal = services.GetService<IJournal>();
        _fences = services.GetService<ShardFences>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger<RedisLease>() ?? NullLogger<RedisLease>.Instance;
        _shard = ShardOf(settings.LeaseName);
        _lease = _shard is { } shard ? RedisLeaseStore.ShardLease(shard) : "lease:" + settings.LeaseName;
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
        _renewEvery = settings.TimeoutSettings.HeartbeatInterval;
        _operationTimeout = settings.TimeoutSettings.OperationTimeout;
        _actFor = (long)(_ttl.TotalSeconds * 3 / 4 * _time.TimestampFrequency);
    }

    /// <inheritdoc />
    public override Task<bool> Acquire() => Acquire(_ => { });

    /// <inheritdoc />
    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        var asked = _time.GetTimestamp(); // the deadline counts from before the request left
        using var timeout = new CancellationTokenSource(_operationTimeout, _time);
        var hold = await _store.TryAcquireAsync(_lease, Settings.OwnerName, _ttl, timeout.Token).ConfigureAwait(false);
        if (hold is null)
        {
            return false;
        }
        // Before any entity of the shard runs here: from now on the previous holder's appends are refused.
        var fence = _shard is { } shard ? await _journal.RaiseFenceAsync(shard, hold.Token, timeout.Token).ConfigureAwait(false) : hold.Token;
        var holding = new Holding(hold, fence, leaseLostCallback, asked + _actFor);
        lock (_gate)
        {
            _holding?.Stop();
            _holding = holding;
        }
        if (_shard is { } granted)
        {
            _fences.Grant(granted, fence, holding.ValidUntil);
            ShardMetrics.Changed("acquired");
        }
        ActorsLog.LeaseAcquired(_logger, Settings.OwnerName, _lease, fence);
        _ = RenewAsync(holding);
        _ = WatchDeadlineAsync(holding);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>True when nothing is held (the lease was lost, or never acquired): this owner holds nothing, which is what a release
    /// asks, and another node may take the lease now. False would make sharding log that the shard "may not be able to run on
    /// another node until lease timeout", which after a loss is not so. Akka's Kubernetes lease answers the same.</remarks>
    public override async Task<bool> Release()
    {
        Holding? holding;
        lock (_gate)
        {
            holding = _holding;
            _holding = null;
        }
        if (holding is null)
        {
            return true;
        }
        Revoke(holding, "released");
        using var timeout = new CancellationTokenSource(_operationTimeout, _time);
        await _store.ReleaseAsync(holding.Hold, timeout.Token).ConfigureAwait(false);
        ActorsLog.LeaseReleased(_logger, Settings.OwnerName, _lease);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>False from the renewal deadline on, even before the watchdog has told Akka.</remarks>
    public override bool CheckLease() => _holding is { } holding && _time.GetTimestamp() < holding.ValidUntil;

    private async Task RenewAsync(Holding holding)
    {
        var stop = holding.Stopping;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(_renewEvery, _time, stop).ConfigureAwait(false);
                var asked = _time.GetTimestamp();
                bool renewed;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(_operationTimeout);
                    renewed = await _store.RenewAsync(holding.Hold, _ttl, timeout.Token).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return; // the node is shutting down: its connection to Redis is gone, and with it the lease (it lapses by itself)
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // Redis unreachable: try again next round; the watchdog gives the lease up if the deadline passes first.
                    ActorsLog.LeaseRenewalFailed(_logger, _lease, ex);
                    continue;
                }
                if (!renewed)
                {
                    Lose(holding, "another node holds it now");
                    return;
                }
                holding.Extend(asked + _actFor);
                if (_shard is { } shard)
                {
                    _fences.Extend(shard, holding.Fence, asked + _actFor);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // released or lost
        }
    }

    // Beside the renewals and never waiting on Redis (a renewal can hang on a lost connection): gives up at the deadline.
    private async Task WatchDeadlineAsync(Holding holding)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _ttl.Ticks / 16)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(holding.Stopping).ConfigureAwait(false))
            {
                if (_time.GetTimestamp() >= holding.ValidUntil)
                {
                    Lose(holding, $"it could not be renewed for {_ttl.TotalSeconds * 3 / 4:0.##} s");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // released or lost
        }
    }

    private void Lose(Holding holding, string reason)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_holding, holding))
            {
                return;
            }
            _holding = null;
        }
        Revoke(holding, "lost");
        ActorsLog.LeaseLost(_logger, Settings.OwnerName, _lease, reason);
        holding.LostCallback(new LeaseLostException(_lease, reason));
    }

    private void Revoke(Holding holding, string change)
    {
        holding.Stop();
        if (_shard is { } shard)
        {
            _fences.Revoke(shard, holding.Fence);
            ShardMetrics.Changed(change);
        }
    }

    // Sharding names its leases {system}-shard-{type}-{shard}; any other name is a plain lease, with no fence.
    private static int? ShardOf(string leaseName)
    {
        var dash = leaseName.LastIndexOf('-');
        return dash > 0 && leaseName.AsSpan(0, dash).Contains("-shard-", StringComparison.Ordinal)
            && int.TryParse(leaseName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            ? shard
            : null;
    }

    private sealed class Holding(LeaseHold hold, long fence, Action<Exception> lostCallback, long validUntil)
    {
        private readonly CancellationTokenSource _stop = new();
        private long _validUntil = validUntil;

        public LeaseHold Hold { get; } = hold;
        public long Fence { get; } = fence;
        public Action<Exception> LostCallback { get; } = lostCallback;
        public CancellationToken Stopping => _stop.Token;

        /// <summary>Until when (a <see cref="TimeProvider"/> timestamp) this node may act under the lease without a newer renewal.</summary>
        public long ValidUntil => Interlocked.Read(ref _validUntil);

        public void Extend(long until)
        {
            long current;
            while ((current = ValidUntil) < until && Interlocked.CompareExchange(ref _validUntil, until, current) != current)
            {
            }
        }

        public void Stop() => _stop.Cancel();
    }
}
