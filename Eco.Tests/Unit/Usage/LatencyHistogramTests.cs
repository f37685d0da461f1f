using Eco.Host.Usage;

namespace Eco.Tests.Unit.Usage;

public sealed class LatencyHistogramTests
{
    private const double Resolution = 0.045; // a bin's geometric middle is within 2^(1/16) − 1 ≈ 4.4% of any value in it

    [Theory]
    [InlineData(0.2, 0)]
    [InlineData(1.0, 0)]
    [InlineData(2.0, 8)]
    [InlineData(1024.0, 80)]
    [InlineData(1e12, LatencyHistogram.LastBin)]
    public void BinOf_Latency_IsEightBinsPerDoublingClampedAtBothEnds(double ms, int bin) =>
        Assert.Equal(bin, LatencyHistogram.BinOf(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Percentile_Empty_IsNull() => Assert.Null(new LatencyHistogram().Percentile(0.5));

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.95, 95)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    public void Percentile_OneToAHundredMs_IsTheNearestRankWithinTheResolution(double p, double exact)
    {
        var histogram = new LatencyHistogram();
        foreach (var ms in Enumerable.Range(1, 100))
        {
            histogram.Add(TimeSpan.FromMilliseconds(ms));
        }
        Assert.Equal(100, histogram.Total);
        Assert.InRange(histogram.Percentile(p)!.Value, exact * (1 - Resolution), exact * (1 + Resolution));
    }

    [Fact]
    public void Merge_OfPartsInAnyOrder_EqualsTheHistogramOfAllSamples()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 5000).Select(_ => TimeSpan.FromMilliseconds(Math.Exp(random.NextDouble() * 9))).ToList();
        var whole = new LatencyHistogram();
        var parts = Enumerable.Range(0, 7).Select(_ => new LatencyHistogram()).ToList();
        for (var i = 0; i < samples.Count; i++)
        {
            whole.Add(samples[i]);
            parts[i % parts.Count].Add(samples[i]);
        }
        var merged = new LatencyHistogram();
        foreach (var part in Enumerable.Reverse(parts))
        {
            merged.Merge(part);
        }
        Assert.Equal(whole.Counts, merged.Counts);
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToList();
        foreach (var p in new[] { 0.5, 0.95 })
        {
            var exact = sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
            Assert.InRange(merged.Percentile(p)!.Value, exact * (1 - Resolution), exact * (1 + Resolution));
        }
    }
}
