using System.Globalization;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary>Reads samples out of a Prometheus text exposition (what a scraper gets from <c>/metrics</c>).</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain each of <paramref name="labels"/>
    /// (as <c>key="value"</c>); null when there is none.</summary>
    public static double? Sum(string text, string name, params string[] labels)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            var labelText = close < 0 ? "" : line[..close];
            if (labels.Any(l => !labelText.Contains(l, StringComparison.Ordinal)))
            {
                continue;
            }
            var value = line[((close < 0 ? name.Length : close + 1))..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>Scrapes <paramref name="node"/>'s <c>/metrics</c> until <paramref name="done"/> holds; fails after 30 s with the last scrape.</summary>
    /// <remarks>The exporter caches a scrape for a moment, and counts are taken after each response: poll until they show.</remarks>
    public static async Task<string> ScrapeUntilAsync(TestNode node, Func<string, bool> done, string what)
    {
        // No token: the scrape is open, on the management port only.
        using var scraper = new HttpClient { BaseAddress = node.AdminUri, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var text = "(no scrape answered)";
        while (true)
        {
            try
            {
                text = await scraper.GetStringAsync("metrics");
            }
            catch (TaskCanceledException)
            {
                // a scrape that took too long: try again while there is time
            }
            if (done(text))
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last scrape:\n{text}");
            await Task.Delay(100);
        }
    }
}
