using Eco.Host.Load;

namespace Eco.Tests.Unit.Load;

public sealed class NearestRankTests
{
    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(0.9, 90)]
    [InlineData(0.99, 99)]
    [InlineData(0.995, 100)]
    [InlineData(1.0, 100)]
    [InlineData(0.001, 1)]
    public void Of_OneToAHundred_IsTheSmallestValueWithThatShareAtOrBelowIt(double q, int expected) =>
        Assert.Equal(expected, NearestRank.Of(Enumerable.Range(1, 100).ToArray(), q));

    [Fact]
    public void Of_OneSample_IsThatSampleAtEveryQuantile()
    {
        Assert.Equal(7.5, NearestRank.Of([7.5], 0.5));
        Assert.Equal(7.5, NearestRank.Of([7.5], 0.99));
    }

    [Fact]
    public void Of_NoSamples_IsRefused() => Assert.Throws<ArgumentException>(() => NearestRank.Of(Array.Empty<double>(), 0.5));
}
