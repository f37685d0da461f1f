using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Eco.Host.Api;

/// <summary>Parses query arguments with reasons a person can act on.</summary>
internal static class QueryArguments
{
    /// <summary>Reads <c>after_seq</c>: absent means 0; otherwise a whole number ≥ 0.</summary>
    public static bool TryParseAfterSeq(string? raw, out long afterSeq, [NotNullWhen(false)] out string? error)
    {
        afterSeq = 0;
        error = null;
        if (raw is null)
        {
            return true;
        }
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            error = long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? $"after_seq must be 0 or greater, got {raw}"
                : $"after_seq must be a whole number, got '{Truncate(raw)}'";
            return false;
        }
        return true;
    }

    /// <summary>Reads a look-back window such as <c>30m</c>, <c>1h</c> or <c>2d</c> (units s, m, h, d; at most 366 days); absent means
    /// <paramref name="fallback"/>.</summary>
    public static bool TryParseSince(string? raw, TimeSpan fallback, out TimeSpan window, [NotNullWhen(false)] out string? error)
    {
        window = fallback;
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }
        var text = raw.Trim();
        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            error = $"since must be a whole number above 0 and a unit (s, m, h or d), such as 30m, 1h or 2d; got '{Truncate(raw)}'";
            return false;
        }
        if (count > MaxSince.Ticks / unit.Ticks)
        {
            error = $"since reaches back at most 366 days; got '{Truncate(raw)}'";
            return false;
        }
        window = unit * count;
        return true;
    }

    private static readonly TimeSpan MaxSince = TimeSpan.FromDays(366);

    public static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
