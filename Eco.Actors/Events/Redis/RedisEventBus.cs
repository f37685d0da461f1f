using System.Text;
using System.Threading.Channels;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Eco.Actors.Events.Redis;

/// <summary>Cluster-wide live delivery: the owner publishes each durable event to Redis; nodes feed their local hubs from Redis.</summary>
/// <remarks>
/// One Lua call per batch appends each event to its job's capped stream <c>job:{id}</c> (MAXLEN ~length; kept at least ¾ of the
/// live TTL after the last event, the shorter ended TTL once the job ended), sets each job's latest-state key <c>state:{id}</c>,
/// and publishes the batch's events on channels <c>events:{hash(id) mod K}</c>, one message per channel (node id, then one event
/// per line). A node subscribes to a channel only while one of its watchers follows a job on it (and a linger after the last
/// leaves, so watchers coming and going do not churn subscriptions): it holds at most K subscriptions whatever the number of
/// clients, and Redis sends each event only to the nodes that watch it. Publishing never waits: a full outbox drops (counted) and
/// watchers recover from the journal, which already holds the event (invariant 1). After a Redis outage the multiplexer
/// reconnects and resubscribes by itself; what was published meanwhile is lost to pub/sub but not to clients, whose watchers
/// re-read the journal when a hole or silence shows.
/// </remarks>
public sealed class RedisEventBus : ILiveEventPublisher, IRemoteEventSource, IAsyncDisposable
{
    // ARGV: stream length, job count, then per job (id, latest event json, ttl seconds, refresh the stream's ttl 1/0, n, then
    // n × (seq, json)); then channel count, then per channel (name, payload). Per event only the XADD; latest state once per job
    // per batch, the stream's expiry only when it is due (see StreamTtlDue), one PUBLISH per channel per batch.
    private const string PublishScript = """
        local i = 1
        local length = ARGV[i]; i = i + 1
        local jobs = tonumber(ARGV[i]); i = i + 1
        for j = 1, jobs do
          local job, latest, ttl, refresh, count = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4]); i = i + 5
          local stream = KEYS[1] .. 'job:' .. job
          for k = 1, count do
            redis.call('XADD', stream, 'MAXLEN', '~', length, '*', 'seq', ARGV[i], 'event', ARGV[i + 1]); i = i + 2
          end
          if refresh == '1' then
            redis.call('EXPIRE', stream, ttl)
          end
          redis.call('SET', KEYS[1] .. 'state:' .. job, latest, 'EX', ttl)
        end
        local channels = tonumber(ARGV[i]); i = i + 1
        for c = 1, channels do
          redis.call('PUBLISH', ARGV[i], ARGV[i + 1]); i = i + 2
        end
        return jobs
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly LiveEventHub _hub;
    private readonly string _prefix;
    private readonly byte[] _nodeIdUtf8;
    private readonly Retention _retention;
    private readonly EventJsonWriter _serializer = new(); // the publish loop's own
    private readonly Dictionary<JobId, long> _streamTtlSetAt = []; // the publish loop's own: when each running job's stream expiry was last set
    private readonly int _channels;
    private readonly ILogger _logger;
    private readonly Channel<JournalEntry> _outbox = System.Threading.Channels.Channel.CreateBounded<JournalEntry>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly Task _publisher;
    private long _dropped;
    private readonly ChannelInterest[] _interest;
    private readonly TimeSpan _linger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reconciler;
    private int _disposed;

    // How long a watcher waits for its channel's SUBSCRIBE before it reads the journal anyway (the reply normally takes one round
    // trip; a Redis that does not answer must not hold a client's catch-up).
    private static readonly TimeSpan FollowPatience = TimeSpan.FromSeconds(1);

    /// <summary>Starts the publisher loop and the subscription reconciler; a node receives other nodes' events for the jobs its
    /// watchers follow (<see cref="FollowAsync"/>). <paramref name="unsubscribeAfter"/>: how long a channel stays subscribed after
    /// its last follower left (default 30 s).</summary>
    public RedisEventBus(IConnectionMultiplexer redis, string cluster, string nodeId, int channels, LiveEventHub hub, ILogger logger,
        Retention retention, TimeSpan? unsubscribeAfter = null)
    {
        _retention = retention;
        _redis = redis;
        _hub = hub;
        _prefix = $"eco:{cluster}:";
        _nodeIdUtf8 = Encoding.UTF8.GetBytes(nodeId);
        _channels = channels;
        _logger = logger;
        _interest = [.. Enumerable.Range(0, channels).Select(_ => new ChannelInterest())];
        _linger = unsubscribeAfter ?? TimeSpan.FromSeconds(30);
        _publisher = Task.Run(PublishLoopAsync);
        _reconciler = Task.Run(ReconcileLoopAsync);
    }

    /// <summary>What Redis keeps per job: stream entries (approximately), and how long stream and state live after the last event.</summary>
    /// <param name="StreamLength">Entries kept in the stream.</param>
    /// <param name="LiveTtl">Lifetime after the last event while the job runs.</param>
    /// <param name="EndedTtl">Lifetime once the job has ended.</param>
    public sealed record Retention(int StreamLength, TimeSpan LiveTtl, TimeSpan EndedTtl)
    {
        /// <summary>The retention a cluster is configured with (<c>Eco:Cluster:EventStream*</c>).</summary>
        public static Retention Of(ClusterOptions options) => new(options.EventStreamLength, options.EventStreamTtl, options.EndedStreamTtl);
    }

    /// <summary>Events not sent to Redis because the outbox was full (watchers recovered them from the journal).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public void Publish(IReadOnlyList<JournalEntry> entries)
    {
        _hub.Publish(entries); // watchers on this node first, without a round trip
        foreach (var entry in entries)
        {
            if (!_outbox.Writer.TryWrite(entry))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>Event channels this node is subscribed to now.</summary>
    public int SubscribedChannels => _interest.Count(i => i.Subscribed);

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> FollowAsync(JobId jobId, CancellationToken cancellationToken)
    {
        var channel = ChannelOf(jobId);
        var following = new Following(_interest[channel]);
        try
        {
            await ReconcileAsync(channel, cancellationToken).WaitAsync(FollowPatience, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Redis is slow to answer: the reconciler finishes the subscription; the watcher's journal reads cover the meantime.
        }
        catch (OperationCanceledException)
        {
            await following.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return following;
    }

    /// <summary>One channel's followers on this node, and whether the node is subscribed to it.</summary>
    private sealed class ChannelInterest
    {
        public readonly SemaphoreSlim Gate = new(1, 1); // one SUBSCRIBE or UNSUBSCRIBE of the channel at a time
        public int Followers;
        public long LastLeft = long.MinValue / 2; // Environment.TickCount64 when a follower last left
        public ChannelMessageQueue? Queue; // the subscription's ordered queue, while subscribed (set under Gate)

        public bool Subscribed => Volatile.Read(ref Queue) is not null;
    }

    private sealed class Following : IAsyncDisposable
    {
        private readonly ChannelInterest _interest;
        private int _disposed;

        public Following(ChannelInterest interest)
        {
            _interest = interest;
            Interlocked.Increment(ref interest.Followers);
        }

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Volatile.Write(ref _interest.LastLeft, Environment.TickCount64); // before the count drops: the linger starts no later
                Interlocked.Decrement(ref _interest.Followers);
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Subscribes a channel that has followers (or had within the linger) and is not subscribed; unsubscribes one that has
    /// had none for the linger. The one place subscriptions change, so a channel never has two handlers (two would deliver twice).</summary>
    private async Task ReconcileAsync(int channel, CancellationToken cancellationToken)
    {
        var interest = _interest[channel];
        await interest.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = Volatile.Read(ref interest.Followers) > 0
                || Environment.TickCount64 - Volatile.Read(ref interest.LastLeft) < _linger.TotalMilliseconds;
            if (wanted == interest.Subscribed)
            {
                return;
            }
            var subscriber = _redis.GetSubscriber();
            var name = ChannelName(channel);
            if (!wanted)
            {
                await Unsubscribe(interest).ConfigureAwait(false); // the client drops the queue at once, whatever Redis answers
                return;
            }
            try
            {
                // A queue, not a handler: StackExchange.Redis runs handlers concurrently, so events would reach watchers out of order;
                // a queue delivers a channel's messages one at a time, in the order Redis sent them.
                var queue = await subscriber.SubscribeAsync(name).ConfigureAwait(false);
                queue.OnMessage(message => Deliver(message.Message));
                Volatile.Write(ref interest.Queue, queue);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The client registers the queue before SUBSCRIBE goes out and does not hand it back on failure: drop the channel's
                // subscriptions on this connection (the bus is their only user) so the next try does not add a second.
                // (Telling Redis may fail too, and need not succeed: the connection is gone.)
                try
                {
                    await subscriber.UnsubscribeAsync(name, null, CommandFlags.FireAndForget).ConfigureAwait(false);
                }
                catch (RedisException)
                {
                }
                ActorsLog.BusSubscribeFailed(_logger, name.ToString(), ex);
            }
        }
        finally
        {
            interest.Gate.Release();
        }
    }

    /// <summary>Each second (sooner with a short linger): retries subscriptions that failed (Redis was down) and drops the ones no
    /// watcher needs any more.</summary>
    private async Task ReconcileLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(_linger.TotalMilliseconds / 2, 10, 1000)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                for (var channel = 0; channel < _interest.Length; channel++)
                {
                    try
                    {
                        await ReconcileAsync(channel, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        ActorsLog.BusReconcileFailed(_logger, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // registered as publisher and as remote source too: the container disposes each registration
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reconciler.ConfigureAwait(false);
        _outbox.Writer.TryComplete();
        await _publisher.ConfigureAwait(false);
        for (var channel = 0; channel < _interest.Length; channel++)
        {
            try
            {
                await Unsubscribe(_interest[channel]).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                // the connection is going too
            }
        }
        _stopping.Dispose();
    }

    private static async Task Unsubscribe(ChannelInterest interest)
    {
        if (Interlocked.Exchange(ref interest.Queue, null) is { } queue)
        {
            await queue.UnsubscribeAsync(CommandFlags.FireAndForget).ConfigureAwait(false);
        }
    }

    private void Deliver(RedisValue message)
    {
        // Bytes all the way: the payload is split and parsed in place, and events of jobs nobody watches here are skipped after
        // reading their id (a node receives every event of the channels it follows, most of them of jobs other nodes watch).
        var rest = ((byte[]?)message).AsSpan();
        var newline = rest.IndexOf((byte)'\n');
        if (newline < 0 || rest[..newline].SequenceEqual(_nodeIdUtf8))
        {
            return; // our own events reached our hub directly
        }
        rest = rest[(newline + 1)..];
        while (!rest.IsEmpty)
        {
            newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            try
            {
                if (!EventJson.TryReadJobId(line, out var jobId))
                {
                    _hub.Publish([EventJson.Parse(line)]); // not our shape up front: the full parse says what is wrong
                }
                else if (_hub.IsWatched(jobId))
                {
                    _hub.Publish([EventJson.Parse(line, jobId)]);
                }
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
            {
                ActorsLog.BadBusMessage(_logger, ex);
            }
        }
    }

    private async Task PublishLoopAsync()
    {
        var batch = new List<JournalEntry>(1000);
        while (await _outbox.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 1000 && _outbox.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            try
            {
                await _redis.GetDatabase().ScriptEvaluateAsync(PublishScript, [_prefix], Arguments(batch)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is down: these events stay in the journal, where watchers find them. Expiries may not have been set (or
                // Redis lost its data): set them again with the next event of every job.
                _streamTtlSetAt.Clear();
                Interlocked.Add(ref _dropped, batch.Count);
                ActorsLog.BusPublishFailed(_logger, batch.Count, ex);
            }
        }
    }

    private RedisValue[] Arguments(List<JournalEntry> batch)
    {
        // Each event is serialized once; the same bytes go to its stream, its job's latest state and its channel's message.
        var wire = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            wire[i] = _serializer.Serialize(batch[i]).ToArray();
        }
        var args = new List<RedisValue>(batch.Count * 2 + 16);
        var byJob = Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].JobId).ToList();
        args.Add(_retention.StreamLength);
        args.Add(byJob.Count);
        foreach (var job in byJob)
        {
            var ended = batch[job.Last()].IsTerminal;
            args.Add(job.Key.Value);
            args.Add(wire[job.Last()]);
            args.Add((long)Math.Max(1, (ended ? _retention.EndedTtl : _retention.LiveTtl).TotalSeconds));
            if (ended)
            {
                _streamTtlSetAt.Remove(job.Key);
            }
            args.Add(ended || StreamTtlDue(job.Key) ? 1 : 0);
            args.Add(job.Count());
            foreach (var i in job)
            {
                args.Add(batch[i].Seq);
                args.Add(wire[i]);
            }
        }
        var byChannel = Enumerable.Range(0, batch.Count).GroupBy(i => ChannelOf(batch[i].JobId)).ToList();
        args.Add(byChannel.Count);
        foreach (var channel in byChannel)
        {
            args.Add(ChannelName(channel.Key).ToString());
            args.Add(ChannelMessage(channel, wire));
        }
        return [.. args];
    }

    /// <summary>
    /// Whether a running job's stream expiry is to be set again with this batch: when this publisher has not set it in the last
    /// quarter of the live TTL. Setting it with every batch cost Redis one command per event (a fifth of its CPU at 10,000
    /// events/s); now a stream still lives at least ¾ of the live TTL after its last event, and cannot outlive a silent job.
    /// </summary>
    private bool StreamTtlDue(JobId job)
    {
        var now = Environment.TickCount64;
        if (_streamTtlSetAt.TryGetValue(job, out var setAt) && now - setAt < _retention.LiveTtl.TotalMilliseconds / 4)
        {
            return false;
        }
        if (_streamTtlSetAt.Count >= 100_000)
        {
            _streamTtlSetAt.Clear(); // bounded: forgetting only means setting an expiry again
        }
        _streamTtlSetAt[job] = now;
        return true;
    }

    /// <summary>Node id, then one event per line (JSON never holds a raw newline).</summary>
    private byte[] ChannelMessage(IEnumerable<int> events, byte[][] wire)
    {
        var length = _nodeIdUtf8.Length + events.Sum(i => 1 + wire[i].Length);
        var message = new byte[length];
        _nodeIdUtf8.CopyTo(message, 0);
        var at = _nodeIdUtf8.Length;
        foreach (var i in events)
        {
            message[at++] = (byte)'\n';
            wire[i].CopyTo(message, at);
            at += wire[i].Length;
        }
        return message;
    }

    private int ChannelOf(JobId job) => (int)(ShardResolver.Hash(job.Value) % (ulong)_channels);

    private RedisChannel ChannelName(int channel) => RedisChannel.Literal($"{_prefix}events:{channel}");
}
