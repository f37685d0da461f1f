using Eco.Actors.Sharding;
using Eco.Host.Usage;
using Eco.Streams.Usage;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Eco.Tests.Integration.Usage;

/// <summary>Nodes journal their counts to one shared stream; a reader merges them all, whichever node wrote first.</summary>
[Trait("Category", "Integration")]
public sealed class JournalModelUsageTests : JournalTest
{
    private JournalModelUsage Node(string id) => new(Journal, Options.Create(new ModelUsageOptions()), Options.Create(new ClusterOptions { NodeId = id }),
        TimeProvider.System, NullLogger<JournalModelUsage>.Instance);

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
}
