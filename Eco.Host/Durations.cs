using System.Globalization;

namespace Eco.Host;

/// <summary>Durations as people type them — <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1.5h</c>, <c>2d</c> — or <c>hh:mm:ss</c>: one reading
/// for the command line and the API.</summary>
internal static class Durations
{
    /// <summary>The units, as the error messages name them.</summary>
    public const string Units = "ms, s, m, h or d";

    /// <summary>Reads a positive duration; false for anything else (no unit, zero, negative, not a number).</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            duration = span;
            return span > TimeSpan.Zero;
        }
        var (number, seconds) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001) : (text[..^1], text[^1] switch
        {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3_600.0,
            'd' => 86_400.0,
            _ => double.NaN,
        });
        if (double.IsNaN(seconds) || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ||
            value <= 0 || value * seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(value * seconds);
        return true;
    }
}
