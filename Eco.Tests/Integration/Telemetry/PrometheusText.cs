using System.Globalization;

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
}
