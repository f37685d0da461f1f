using Eco.Host.Api;

namespace Eco.Tests.Unit.Usage;

public sealed class SinceArgumentTests
{
    [Theory]
    [InlineData(null, 60)]
    [InlineData("", 60)]
    [InlineData("30m", 30)]
    [InlineData("1h", 60)]
    [InlineData("2d", 2880)]
    [InlineData("90s", 1.5)]
    [InlineData("1.5h", 90)]
    public void TryParseSince_Forms_AreTheWindow(string? raw, double minutes)
    {
        Assert.True(QueryArguments.TryParseSince(raw, TimeSpan.FromHours(1), out var window, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), window);
    }

    [Theory]
    [InlineData("1", "a unit")]
    [InlineData("0h", "above 0")]
    [InlineData("-1h", "above 0")]
    [InlineData("1w", "(ms, s, m, h or d)")]
    [InlineData("400d", "366 days")]
    [InlineData("99999999999d", "above 0")]
    public void TryParseSince_BadValue_SaysWhatIsAccepted(string raw, string reason)
    {
        Assert.False(QueryArguments.TryParseSince(raw, TimeSpan.FromHours(1), out _, out var error));
        Assert.Contains(reason, error);
    }
}
