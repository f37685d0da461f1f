using System.Text;
using System.Threading.Channels;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Eco.Actors.Events.Redis;

/// <summary>Cluster-wide live delivery: the owner publishes each durable event to Redis; every node feeds its local hub from Redis.</summary>
/// <remarks>
/// Per event, one Lua call (batched) appends to the job's capped stream <c>job:{id}</c> (MAXLEN ~1000, 1 h), sets the latest-state
/// key <c>state:{id}</c>, and publishes on channel <c>events:{hash(id) mod K}</c> — so a node holds K subscriptions whatever the
/// number of clients. Publishing never waits: a full outbox drops (counted) and watchers recover from the journal, which already
/// holds the event (invariant 1). After a Redis outage the multiplexer reconnects and resubscribes by itself; what was published
/// meanwhile is lost to pub/sub but not to clients, whose watchers re-read the journal when a hole or silence shows.
/// </remarks>
public sealed class RedisEventBus : ILiveEventPublisher, IAsyncDisposable
{
    private const string PublishScript = """
        for i = 1, #ARGV, 4 do
          local job, seq, channel, json = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
          local stream = KEYS[1] .. 'job:' .. job
          redis.call('XADD', stream, 'MAXLEN', '~', '1000', '*', 'seq', seq, 'event', json)
          redis.call('EXPIRE', stream, 3600)
          redis.call('SET', KEYS[1] .. 'state:' .. job, json, 'EX', 3600)
          redis.call('PUBLISH', channel, KEYS[2] .. '\n' .. json)
        end
        return #ARGV / 4
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly LiveEventHub _hub;
    private readonly string _prefix;
    private readonly string _nodeId;
    private readonly int _channels;
    private readonly ILogger _logger;
    private readonly Channel<JournalEntry> _outbox = System.Threading.Channels.Channel.CreateBounded<JournalEntry>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly Task _publisher;
    private long _dropped;

    /// <summary>Starts the publisher loop; call <see cref="SubscribeAsync"/> to start receiving other nodes' events.</summary>
    public RedisEventBus(IConnectionMultiplexer redis, string cluster, string nodeId, int channels, LiveEventHub hub, ILogger logger)
    {
        _redis = redis;
        _hub = hub;
        _prefix = $"eco:{cluster}:";
        _nodeId = nodeId;
        _channels = channels;
        _logger = logger;
        _publisher = Task.Run(PublishLoopAsync);
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

    /// <summary>Subscribes to every event channel; events published by other nodes go to the local hub.</summary>
    public async Task SubscribeAsync()
    {
        var subscriber = _redis.GetSubscriber();
        for (var channel = 0; channel < _channels; channel++)
        {
            await subscriber.SubscribeAsync(ChannelName(channel), (_, message) => Deliver(message)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _publisher.ConfigureAwait(false);
    }

    private void Deliver(RedisValue message)
    {
        byte[] bytes = message!;
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0 || Encoding.UTF8.GetString(bytes, 0, newline) == _nodeId)
        {
            return; // our own events reached our hub directly
        }
        try
        {
            _hub.Publish([EventJson.Parse(bytes.AsSpan(newline + 1))]);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or KeyNotFoundException)
        {
            ActorsLog.BadBusMessage(_logger, ex);
        }
    }

    private async Task PublishLoopAsync()
    {
        var batch = new List<RedisValue>(400);
        while (await _outbox.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 400 && _outbox.Reader.TryRead(out var entry))
            {
                batch.Add(entry.JobId.Value);
                batch.Add(entry.Seq);
                batch.Add(ChannelName((int)(ShardResolver.Hash(entry.JobId.Value) % (ulong)_channels)));
                batch.Add(EventJson.ToText(entry));
            }
            try
            {
                await _redis.GetDatabase().ScriptEvaluateAsync(PublishScript, [_prefix, _nodeId], [.. batch]).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is down: these events stay in the journal, where watchers find them.
                Interlocked.Add(ref _dropped, batch.Count / 4);
                ActorsLog.BusPublishFailed(_logger, batch.Count / 4, ex);
            }
        }
    }

    private string ChannelName(int channel) => $"{_prefix}events:{channel}";
}
