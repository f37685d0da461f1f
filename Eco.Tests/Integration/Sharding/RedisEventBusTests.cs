using Eco.Actors.Events;
using Eco.Actors.Events.Redis;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Tests.Integration.Fixtures;
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

    // The client (1.2.6) predates streams: XLEN through a script.
    private static async Task<long> LengthAsync(IDatabase db, string key) =>
        (long)await db.ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [key]);

    /// <summary>Waits (up to 10 s) until the job's latest-state key holds <paramref name="text"/>: the bus has published that far.</summary>
    private static async Task WaitForStateAsync(IDatabase db, RedisKey state, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!((string?)await db.StringGetAsync(state) ?? "").Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private RedisEventBus Bus(string node, LiveEventHub hub, RedisEventBus.Retention? retention = null) =>
        new(_redis, _cluster, node, channels: 4, hub, NullLogger.Instance, retention ?? RedisEventBus.Retention.Of(new ClusterOptions()));

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
    public async Task Subscribe_AnotherNodesEvents_ReachItsWatchersOnceInOrder_AndItsOwnAreNotDeliveredTwice()
    {
        var ownerHub = new LiveEventHub();
        var readerHub = new LiveEventHub();
        await using var owner = Bus("owner", ownerHub);
        await using var reader = Bus("reader", readerHub);
        await owner.SubscribeAsync();
        await reader.SubscribeAsync();
        var watched = JobId.New();
        using var remote = readerHub.Subscribe(watched, 1000);
        using var local = ownerHub.Subscribe(watched, 1000);

        for (var seq = 1; seq <= 50; seq++)
        {
            owner.Publish([Entry(JobId.New(), 1)]); // other jobs' events in between: nobody watches them
            owner.Publish([Entry(watched, seq)]);
        }
        owner.Publish([Entry(watched, 51, JobEventTypes.Completed)]);

        async Task<List<long>> DrainAsync(LiveSubscription subscription)
        {
            var seqs = new List<long>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (seqs.Count < 51)
            {
                seqs.Add((await subscription.Reader.ReadAsync(timeout.Token)).Seq);
            }
            return seqs;
        }
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), await DrainAsync(remote));
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), await DrainAsync(local));
        await Task.Delay(300); // the owner's own bus messages come back to it too: they must be ignored
        Assert.False(local.Reader.TryRead(out _));
        Assert.False(remote.Reader.TryRead(out _));
    }
}
