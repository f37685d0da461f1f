using System.Globalization;
using Akka.Actor;
using Akka.Coordination;
using Akka.DependencyInjection;
using Eco.Actors.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Actors.Sharding.Redis;

/// <summary>An Akka.Coordination lease on one shard, held in Redis: what sharding's <c>use-lease</c> takes before a shard's entities
/// start on a node, and what stops them when it is lost.</summary>
/// <remarks>
/// <para>Akka's lease API carries no fencing token, so this one keeps it beside: on acquiring, the journal raises the shard's
/// fence to the lease's token (Redis INCR) before <see cref="Acquire(Action{Exception})"/> returns, so from then on every older
/// holder's appends are refused — even a zombie's that does not know it lost the shard. The grant goes to
/// <see cref="ShardFences"/>, which the journal plugin and every model call consult.</para>
/// <para>Self-fencing: the grant expires on this node's own monotonic clock ¾ of a lease after the last renewal that left
/// (<c>heartbeat-timeout</c> is the lease's TTL in Redis), so a node frozen or cut off from Redis stops appending and calling the
/// model before its lease can lapse and another node resume the shard's jobs. A watchdog that never waits on Redis tells sharding
/// the lease is lost at that deadline, and sharding stops the shard's entities.</para>
/// </remarks>
public sealed class RedisLease : Lease
{
    private readonly RedisLeaseStore _store;
    private readonly IJournal _journal;
    private readonly ShardFences _fences;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _shard;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _renewEvery;
    private readonly TimeSpan _operationTimeout;
    private readonly long _actFor;
    private readonly Lock _gate = new();
    private Holding? _holding;

    /// <summary>Created by Akka's lease provider for the lease name <c>{system}-shard-{type}-{shard}</c>.</summary>
    public RedisLease(LeaseSettings settings, ExtendedActorSystem system) : base(settings)
    {
        var services = DependencyResolver.For(system).Resolver;
        _store = services.GetService<RedisLeaseStore>();
        _journal = services.GetService<IJournal>();
        _fences = services.GetService<ShardFences>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger<RedisLease>() ?? NullLogger<RedisLease>.Instance;
        _shard = ShardOf(settings.LeaseName);
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
        _renewEvery = settings.TimeoutSettings.HeartbeatInterval;
        _operationTimeout = settings.TimeoutSettings.OperationTimeout;
        _actFor = (long)(_ttl.TotalSeconds * 3 / 4 * _time.TimestampFrequency);
    }

    /// <summary>The shard this lease guards.</summary>
    public int Shard => _shard;

    /// <inheritdoc />
    public override Task<bool> Acquire() => Acquire(_ => { });

    /// <inheritdoc />
    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        var asked = _time.GetTimestamp(); // the deadline counts from before the request left
        using var timeout = new CancellationTokenSource(_operationTimeout, _time);
        var lease = await _store.TryAcquireAsync(_shard, Settings.OwnerName, _ttl, timeout.Token).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }
        // Before any entity of the shard runs here: from now on the previous holder's appends are refused.
        var fence = await _journal.RaiseFenceAsync(_shard, lease.Token, timeout.Token).ConfigureAwait(false);
        var holding = new Holding(lease, fence, leaseLostCallback);
        lock (_gate)
        {
            _holding?.Stop();
            _holding = holding;
        }
        _fences.Grant(_shard, fence, asked + _actFor);
        ActorsLog.ShardAcquired(_logger, Settings.OwnerName, _shard, fence);
        _ = RenewAsync(holding);
        _ = WatchDeadlineAsync(holding);
        return true;
    }

    /// <inheritdoc />
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
            return false;
        }
        holding.Stop();
        _fences.Revoke(_shard, holding.Fence);
        using var timeout = new CancellationTokenSource(_operationTimeout, _time);
        await _store.ReleaseAsync(holding.Lease, timeout.Token).ConfigureAwait(false);
        ActorsLog.ShardReleased(_logger, Settings.OwnerName, _shard);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>False from the renewal deadline on, even before the watchdog has told sharding.</remarks>
    public override bool CheckLease() => _holding is not null && _fences.DeadlineOf(_shard) is { } until && _time.GetTimestamp() < until;

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
                    renewed = await _store.RenewAsync(holding.Lease, _ttl, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // Redis unreachable: try again next round; the watchdog stops the shard if the deadline passes first.
                    ActorsLog.LeaseRenewalFailed(_logger, _shard, ex);
                    continue;
                }
                if (!renewed)
                {
                    Lose(holding, "another node holds the shard's lease now");
                    return;
                }
                _fences.Extend(_shard, holding.Fence, asked + _actFor);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // released or lost
        }
    }

    // Beside the renewals and never waiting on Redis (a renewal can hang on a lost connection): stops the shard at its deadline.
    private async Task WatchDeadlineAsync(Holding holding)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _ttl.Ticks / 16)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(holding.Stopping).ConfigureAwait(false))
            {
                if (_fences.DeadlineOf(_shard) is not { } until || _time.GetTimestamp() >= until)
                {
                    Lose(holding, $"its lease could not be renewed for {_ttl.TotalSeconds * 3 / 4:0.##} s");
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
        holding.Stop();
        _fences.Revoke(_shard, holding.Fence);
        ActorsLog.ShardLost(_logger, Settings.OwnerName, _shard, reason);
        holding.LostCallback(new LeaseLostException(_shard, reason));
    }

    private static int ShardOf(string leaseName)
    {
        var dash = leaseName.LastIndexOf('-');
        return dash >= 0 && int.TryParse(leaseName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            ? shard
            : throw new ArgumentException($"'{leaseName}' is not a shard's lease name ({{system}}-shard-{{type}}-{{shard}})", nameof(leaseName));
    }

    private sealed class Holding(ShardLease lease, long fence, Action<Exception> lostCallback)
    {
        private readonly CancellationTokenSource _stop = new();

        public ShardLease Lease { get; } = lease;
        public long Fence { get; } = fence;
        public Action<Exception> LostCallback { get; } = lostCallback;
        public CancellationToken Stopping => _stop.Token;

        public void Stop() => _stop.Cancel();
    }
}
