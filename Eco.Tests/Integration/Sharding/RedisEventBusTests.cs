using Eco.Actors.Events;
using Eco.Actors.Events.Redis;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Eco.Tests.Integration.Sharding;

[Trait("Category", "Integration")]
public sealed class RedisEventBusTests : IAsyncLifetime
{
    private readonly string _cluster = "b" + Guid.NewGuid().ToString("N")[..8];
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(await RedisServer.EndpointAsync());

    public Task DisposeAsync()
    {
        _redis.Dispose();
        return Task.CompletedTask;
    }

    private static JournalEntry Entry(JobId job, long seq, string type = JobEventTypes.Token) =>
        new(job, seq, type, DateTimeOffset.UtcNow, type == JobEventTypes.Token ? "answer" : null, $"{{\"n\":{seq}}}");

    private static Task<long> LengthAsync(IDatabase db, RedisKey key) => db.StreamLengthAsync(key);

    /// <summary>Waits (up to 10 s) until the job's latest-state key holds <paramref name="text"/>: the bus has published that far.</summary>
    private static async Task WaitForStateAsync(IDatabase db, RedisKey state, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!((string?)await db.StringGetAsync(state) ?? "").Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private RedisEventBus Bus(string node, LiveEventHub hub, RedisEventBus.Retention? retention = null, TimeSpan? unsubscribeAfter = null,
        IConnectionMultiplexer? redis = null) =>
        new(redis ?? _redis, _cluster, node, channels: 4, hub, NullLogger.Instance, retention ?? RedisEventBus.Retention.Of(new ClusterOptions()),
            unsubscribeAfter);

    private string ChannelOf(JobId job) => $"eco:{_cluster}:events:{ShardResolver.Hash(job.Value) % 4}";

    /// <summary>Subscribers Redis itself counts on the channel (PUBSUB NUMSUB): what it sends each message to.</summary>
    private static async Task<long> SubscribersAsync(IConnectionMultiplexer redis, string channel) =>
        await redis.GetServer(redis.GetEndPoints()[0]).SubscriptionSubscriberCountAsync(RedisChannel.Literal(channel));

    private static async Task<List<long>> DrainAsync(LiveSubscription subscription, int count)
    {
        var seqs = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (seqs.Count < count)
        {
            seqs.Add((await subscription.Reader.ReadAsync(timeout.Token)).Seq);
        }
        return seqs;
    }

    [Fact]
    public async Task Publish_RunningJobKeepsTheLiveTtl_EndedJobTheShorterOne_AndStreamsStayCapped()
    {
        await using var bus = Bus("n1", new LiveEventHub(), new RedisEventBus.Retention(10, TimeSpan.FromHours(1), TimeSpan.FromSeconds(30)));
        var running = JobId.New();
        var ended = JobId.New();
        for (var seq = 1; seq <= 300; seq++)
        {
            bus.Publish([Entry(running, seq)]);
        }
        bus.Publish([Entry(ended, 1), Entry(ended, 2), Entry(ended, 3, JobEventTypes.Completed)]);

        var db = _redis.GetDatabase();
        var state = (RedisKey)$"eco:{_cluster}:state:{ended}";
        await WaitForStateAsync(db, state, JobEventTypes.Completed);
        var runningTtl = await db.KeyTimeToLiveAsync($"eco:{_cluster}:job:{running}");
        var endedTtl = await db.KeyTimeToLiveAsync($"eco:{_cluster}:job:{ended}");
        var stateTtl = await db.KeyTimeToLiveAsync(state);
        Assert.InRange(runningTtl!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        Assert.InRange(endedTtl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.InRange(stateTtl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(3, await LengthAsync(db, $"eco:{_cluster}:job:{ended}"));
        // MAXLEN ~ trims in whole blocks of entries: far below the 300 published, at least the 10 asked for.
        Assert.InRange(await LengthAsync(db, $"eco:{_cluster}:job:{running}"), 10, 150);
    }

    [Fact]
    public async Task Publish_SetsARunningStreamsExpiryOncePerQuarterTtl_NotWithEveryEvent_ButAtOnceWhenTheJobEnds()
    {
        await using var bus = Bus("n1", new LiveEventHub(), new RedisEventBus.Retention(100, TimeSpan.FromHours(1), TimeSpan.FromSeconds(30)));
        var job = JobId.New();
        var db = _redis.GetDatabase();
        var stream = (RedisKey)$"eco:{_cluster}:job:{job}";
        var state = (RedisKey)$"eco:{_cluster}:state:{job}";
        async Task PublishAndWaitAsync(JournalEntry entry)
        {
            bus.Publish([entry]);
            await WaitForStateAsync(db, state, $"\"seq\":{entry.Seq},");
        }

        await PublishAndWaitAsync(Entry(job, 1));
        Assert.InRange((await db.KeyTimeToLiveAsync(stream))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));

        // Shorten the expiry behind the bus's back: the next events of the running job must leave it alone (set < ¼ TTL ago)...
        await db.KeyExpireAsync(stream, TimeSpan.FromMinutes(5));
        await PublishAndWaitAsync(Entry(job, 2));
        await PublishAndWaitAsync(Entry(job, 3));
        Assert.InRange((await db.KeyTimeToLiveAsync(stream))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal(3, await LengthAsync(db, stream));

        // ...and the terminal event sets the ended lifetime at once.
        await PublishAndWaitAsync(Entry(job, 4, JobEventTypes.Completed));
        Assert.InRange((await db.KeyTimeToLiveAsync(stream))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Follow_AnotherNodesEvents_ReachItsWatchersOnceInOrder_AndItsOwnAreNotDeliveredTwice()
    {
        var ownerHub = new LiveEventHub();
        var readerHub = new LiveEventHub();
        await using var owner = Bus("owner", ownerHub);
        await using var reader = Bus("reader", readerHub);
        var watched = JobId.New();
        using var remote = readerHub.Subscribe(watched, 4_000);
        using var local = ownerHub.Subscribe(watched, 4_000);
        await using var readerFollows = await reader.FollowAsync(watched, default);
        await using var ownerFollows = await owner.FollowAsync(watched, default); // its own messages come back to it: ignored
        await Eventually.UntilAsync(async () => await SubscribersAsync(_redis, ChannelOf(watched)) >= 1, TimeSpan.FromSeconds(15),
            "the channel subscribed"); // a busy machine can make FollowAsync give up waiting for SUBSCRIBE

        // Enough events, in many batches, that handlers run concurrently would deliver some out of order.
        const int Events = 2_000;
        for (var seq = 1; seq < Events; seq++)
        {
            owner.Publish([Entry(JobId.New(), 1)]); // other jobs' events in between: nobody watches them
            owner.Publish([Entry(watched, seq)]);
        }
        owner.Publish([Entry(watched, Events, JobEventTypes.Completed)]);

        Assert.Equal(Enumerable.Range(1, Events).Select(i => (long)i), await DrainAsync(remote, Events));
        Assert.Equal(Enumerable.Range(1, Events).Select(i => (long)i), await DrainAsync(local, Events));
        await Task.Delay(300);
        Assert.False(local.Reader.TryRead(out _));
        Assert.False(remote.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Follow_OnlyTheNodesThatWatchAJobAreSentIt_AndAChannelIsDroppedALingerAfterItsLastFollower()
    {
        var readerHub = new LiveEventHub();
        await using var owner = Bus("owner", new LiveEventHub(), unsubscribeAfter: TimeSpan.FromSeconds(2));
        await using var reader = Bus("reader", readerHub, unsubscribeAfter: TimeSpan.FromSeconds(2));
        var watched = JobId.New();
        var channel = ChannelOf(watched);
        Assert.Equal(0, await SubscribersAsync(_redis, channel));

        using var live = readerHub.Subscribe(watched, 1000);
        var first = await reader.FollowAsync(watched, default);
        var second = await reader.FollowAsync(watched, default); // a second watcher of the same job: no second subscription
        Assert.Equal(1, await SubscribersAsync(_redis, channel)); // the reader only: the owner, which watches nothing, is not sent it
        Assert.Equal((0, 1), (owner.SubscribedChannels, reader.SubscribedChannels));
        owner.Publish([Entry(watched, 1), Entry(watched, 2)]);
        Assert.Equal([1L, 2L], await DrainAsync(live, 2));

        // The last follower leaves: the subscription lingers (a watcher back within it costs no SUBSCRIBE), then goes.
        await first.DisposeAsync();
        await second.DisposeAsync();
        Assert.Equal(1, await SubscribersAsync(_redis, channel));
        await using (await reader.FollowAsync(watched, default))
        {
            Assert.Equal(1, await SubscribersAsync(_redis, channel)); // still one handler, one subscription
            owner.Publish([Entry(watched, 3)]);
            Assert.Equal([3L], await DrainAsync(live, 1));
        }
        await Eventually.UntilAsync(async () => await SubscribersAsync(_redis, channel) == 0, TimeSpan.FromSeconds(10), "the channel unsubscribed");
        Assert.Equal(0, reader.SubscribedChannels);

        owner.Publish([Entry(watched, 4)]); // nobody follows the job now: nothing reaches the reader
        await Task.Delay(300);
        Assert.False(live.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Follow_WhileRedisIsDown_ReturnsAtOnce_AndEventsFlowOnceRedisIsBack()
    {
        await using var server = await RedisServer.StartOwnAsync();
        var options = ConfigurationOptions.Parse(server.Endpoint + ",connectTimeout=500");
        options.AbortOnConnectFail = false;
        using var readerRedis = await ConnectionMultiplexer.ConnectAsync(options);
        var readerHub = new LiveEventHub();
        await using var reader = Bus("reader", readerHub, redis: readerRedis);
        var watched = JobId.New();
        using var live = readerHub.Subscribe(watched, 1000);

        server.Stop();
        await Eventually.UntilAsync(() => !readerRedis.IsConnected, TimeSpan.FromSeconds(10), "the client noticing Redis was gone");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var following = await reader.FollowAsync(watched, default);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"following waited {started.Elapsed} for a Redis that is down");

        await server.StartAgainAsync();
        using var ownerRedis = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        await using var owner = Bus("owner", new LiveEventHub(), redis: ownerRedis);
        await Eventually.UntilAsync(async () => await SubscribersAsync(ownerRedis, ChannelOf(watched)) == 1, TimeSpan.FromSeconds(15),
            "the reader subscribed again once Redis was back");
        for (var seq = 1; seq <= 20; seq++)
        {
            owner.Publish([Entry(watched, seq)]);
        }
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), await DrainAsync(live, 20)); // once each: one handler, however many tries
        await Task.Delay(300);
        Assert.False(live.Reader.TryRead(out _));
    }
}
