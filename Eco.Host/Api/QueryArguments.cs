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

    public static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
