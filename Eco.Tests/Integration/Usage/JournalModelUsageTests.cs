using Eco.Actors.Sharding;
using Eco.Host.Telemetry;
using Eco.Host.Usage;
using Eco.Streams.Usage;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Eco.Tests.Integration.Usage;

/// <summary>Nodes journal their counts to one shared stream; a reader merges them all, whichever node wrote first.</summary>
[Trait("Category", "Integration")]
public sealed class JournalModelUsageTests : JournalTest
{
    private static readonly ServiceProvider Metrics = new ServiceCollection().AddMetrics().AddSingleton(TimeProvider.System).AddSingleton<NodeMetrics>()
        .BuildServiceProvider();

    private JournalModelUsage Node(string id, TimeProvider? time = null, ModelUsageOptions? options = null) =>
        new(Journal, Options.Create(options ?? new ModelUsageOptions()), Options.Create(new ClusterOptions { NodeId = id }),
            time ?? TimeProvider.System, Metrics.GetRequiredService<NodeMetrics>(), NullLogger<JournalModelUsage>.Instance);

    private static ModelAttempt Attempt(ModelOutcome outcome, double ms) => new("p0", "m", outcome, TimeSpan.FromMilliseconds(ms), 10, 5);

    [Fact]
    public async Task FlushAsync_ManyNodesAtOnce_EveryCountIsJournaledOnceAndMerged()
    {
        var nodes = Enumerable.Range(0, 4).Select(i => Node("n" + i)).ToList();
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var node in nodes)
            {
                node.Attempted(Attempt(ModelOutcome.Ok, 100));
                node.Attempted(Attempt(ModelOutcome.RateLimited, 2));
                node.FellBack(new ModelFallback("p0", "m", "local"));
            }
            // All at once: the appends race for the shared stream's next seq and the losers append again.
            await Task.WhenAll(nodes.Select(n => n.FlushAsync(CancellationToken.None)));
        }
        var totals = await new ProviderUsageReader(Journal).ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var p0 = totals[new UsageKey("p0", "m")];
        Assert.Equal(nodes.Count * rounds, p0.Count(ModelOutcome.Ok));
        Assert.Equal(nodes.Count * rounds, p0.Count(ModelOutcome.RateLimited));
        Assert.Equal(nodes.Count * rounds, p0.FallbacksTo["local"]);
        Assert.Equal(nodes.Count * rounds * 2 * 10, p0.TokensIn);
        Assert.InRange(p0.Latency.Percentile(0.5)!.Value, 95, 105);
        Assert.Equal(nodes.Count * rounds, (await Journal.GetStreamAsync(ProviderUsageStream.Id, CancellationToken.None))!.LastSeq);
    }

    [Fact]
    public async Task FlushAsync_NothingCounted_AppendsNothing()
    {
        await Node("n0").FlushAsync(CancellationToken.None);
        Assert.Null(await Journal.GetStreamAsync(ProviderUsageStream.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_SinceAfterTheFlushes_LeavesOlderMinutesOut()
    {
        var node = Node("n0");
        node.Attempted(Attempt(ModelOutcome.Ok, 100));
        await node.FlushAsync(CancellationToken.None);
        var reader = new ProviderUsageReader(Journal);
        Assert.Single(await reader.ReadAsync(DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None));
        Assert.Empty(await reader.ReadAsync(DateTimeOffset.UtcNow.AddMinutes(2), CancellationToken.None));
    }

    [Fact]
    public async Task FlushAsync_FlushesOlderThanTheRetention_AreDeletedAndTheRestStillRead()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var node = Node("n0", clock, new ModelUsageOptions { Retention = TimeSpan.FromHours(1) });
        foreach (var at in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromHours(3) })
        {
            clock.Now = start + at;
            node.Attempted(Attempt(ModelOutcome.Ok, 100));
            await node.FlushAsync(CancellationToken.None);
        }
        // At 3 h the first two flushes are older than 1 h (+ the readers' 10 min of slack): only the last one is kept.
        Assert.Single(await Journal.ReadAsync(ProviderUsageStream.Id, 0, 10, CancellationToken.None));
        Assert.Equal(3, (await Journal.GetStreamAsync(ProviderUsageStream.Id, CancellationToken.None))!.LastSeq);
        var totals = await new ProviderUsageReader(Journal).ReadAsync(start.AddDays(-1), CancellationToken.None);
        Assert.Equal(1, totals[new UsageKey("p0", "m")].Count(ModelOutcome.Ok));
    }

    [Theory]
    [InlineData(-60, 5)]
    [InlineData(29.5, 4)] // from the start of minute 29: the 30-minute flush is in
    [InlineData(61, 3)]
    [InlineData(180, 1)]
    [InlineData(181, 0)]
    public async Task ReadAsync_Since_CountsTheMinutesFromSincesMinuteOn(double sinceMinutes, int expected)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var node = Node("n0", clock);
        foreach (var minutes in new[] { 0, 30, 120, 121, 180 })
        {
            clock.Now = start.AddMinutes(minutes);
            node.Attempted(Attempt(ModelOutcome.Ok, 100));
            await node.FlushAsync(CancellationToken.None);
        }
        var totals = await new ProviderUsageReader(Journal).ReadAsync(start.AddMinutes(sinceMinutes), CancellationToken.None);
        Assert.Equal(expected, totals.GetValueOrDefault(new UsageKey("p0", "m"))?.Calls ?? 0);
    }
}
