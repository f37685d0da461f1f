using System.Text.Json;
using Eco.Host.Usage;
using Eco.Streams.Usage;

namespace Eco.Tests.Unit.Usage;

public sealed class UsageBucketTests
{
    private static ModelAttempt Attempt(ModelOutcome outcome, double ms = 100, int tokensIn = 10, int tokensOut = 20) =>
        new("p0", "m", outcome, TimeSpan.FromMilliseconds(ms), tokensIn, tokensOut);

    [Fact]
    public void Add_Attempts_CountsOutcomesTokensAndOnlyAnsweredLatencies()
    {
        var bucket = new UsageBucket();
        bucket.Add(Attempt(ModelOutcome.Ok, 200));
        bucket.Add(Attempt(ModelOutcome.RateLimited, 1, 0, 0));
        bucket.Add(Attempt(ModelOutcome.BadReply, 300));
        bucket.AddFallback("local", 1);
        Assert.Equal(3, bucket.Calls);
        Assert.Equal(1, bucket.Count(ModelOutcome.Ok));
        Assert.Equal(1, bucket.Count(ModelOutcome.RateLimited));
        Assert.Equal(20, bucket.TokensIn);
        Assert.Equal(40, bucket.TokensOut);
        Assert.Equal(1, bucket.Latency.Total); // the 429's 1 ms does not pull p50 down
        Assert.Equal(1, bucket.Fallbacks);
    }

    [Fact]
    public void Merge_TwoNodesMinutes_AddsEveryCount()
    {
        var a = new UsageBucket();
        a.Add(Attempt(ModelOutcome.Ok, 100));
        a.Add(Attempt(ModelOutcome.ServerError, 5, 0, 0));
        a.AddFallback("local", 2);
        var b = new UsageBucket();
        b.Add(Attempt(ModelOutcome.Ok, 400));
        b.Add(Attempt(ModelOutcome.Timeout, 5000, 0, 0));
        b.AddFallback("local", 1);
        b.AddFallback("p1", 1);
        a.Merge(b);
        Assert.Equal(4, a.Calls);
        Assert.Equal(2, a.Count(ModelOutcome.Ok));
        Assert.Equal(1, a.Count(ModelOutcome.ServerError));
        Assert.Equal(1, a.Count(ModelOutcome.Timeout));
        Assert.Equal(20, a.TokensIn);
        Assert.Equal(new Dictionary<string, long> { ["local"] = 3, ["p1"] = 1 }, a.FallbacksTo);
        Assert.Equal(2, a.Latency.Total);
    }

    [Fact]
    public void ToRecord_ThroughJson_ReadsBackTheSameBucket()
    {
        var bucket = new UsageBucket();
        bucket.Add(Attempt(ModelOutcome.Ok, 250));
        bucket.Add(Attempt(ModelOutcome.BrokenStream, 900));
        bucket.AddFallback("local", 1);
        var minute = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);
        var json = JsonSerializer.Serialize(new ProviderUsageRecorded("n1", LatencyHistogram.BinsPerDoubling,
            [ProviderUsageStream.ToRecord(minute, new UsageKey("p0", "m"), bucket)]));
        Assert.Contains("\"broken_stream\":1", json);
        var record = Assert.Single(JsonSerializer.Deserialize<ProviderUsageRecorded>(json)!.Buckets);
        var read = ProviderUsageStream.FromRecord(record, withLatency: true);
        Assert.Equal(minute, record.Minute);
        Assert.Equal(bucket.Outcomes, read.Outcomes);
        Assert.Equal(bucket.FallbacksTo, read.FallbacksTo);
        Assert.Equal((bucket.TokensIn, bucket.TokensOut), (read.TokensIn, read.TokensOut));
        Assert.Equal(bucket.Latency.Counts, read.Latency.Counts);
    }

    [Fact]
    public void Outcome_NameALaterVersionAdded_CountsAsOther() =>
        Assert.Equal(ModelOutcome.Other, ProviderUsageStream.Outcome("quota_exhausted"));
}
