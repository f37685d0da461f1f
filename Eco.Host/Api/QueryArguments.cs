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

    /// <summary>Reads a look-back window such as <c>30m</c>, <c>1h</c> or <c>2d</c> (see <see cref="Durations"/>; at most 366 days);
    /// absent means <paramref name="fallback"/>.</summary>
    public static bool TryParseSince(string? raw, TimeSpan fallback, out TimeSpan window, [NotNullWhen(false)] out string? error)
    {
        window = fallback;
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }
        if (!Durations.TryParse(raw, out var parsed))
        {
            error = $"since must be a number above 0 and a unit ({Durations.Units}), such as 30m, 1h or 2d; got '{Truncate(raw)}'";
            return false;
        }
        if (parsed > MaxSince)
        {
            error = $"since reaches back at most 366 days; got '{Truncate(raw)}'";
            return false;
        }
        window = parsed;
        return true;
    }

    /// <summary>Reads a <c>true</c>/<c>false</c> switch named <paramref name="name"/>: absent means false.</summary>
    public static bool TryParseFlag(string name, string? raw, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = false;
        error = null;
        if (raw is null || bool.TryParse(raw, out value))
        {
            return true;
        }
        error = $"{name} must be true or false, got '{Truncate(raw)}'";
        return false;
    }

    /// <summary>Reads a page size <c>limit</c>: absent means <paramref name="fallback"/>; otherwise a whole number from 1 to <paramref name="max"/>.</summary>
    public static bool TryParseLimit(string? raw, int max, int fallback, out int limit, [NotNullWhen(false)] out string? error)
    {
        limit = fallback;
        error = null;
        if (raw is null)
        {
            return true;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max)
        {
            return true;
        }
        error = $"limit must be a whole number from 1 to {max}, got '{Truncate(raw)}'";
        return false;
    }

    private static readonly TimeSpan MaxSince = TimeSpan.FromDays(366);

    public static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
