namespace Eco.Host.Cli;

/// <summary>Renders rows as an aligned text table for people (scripts use <c>--json</c>).</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(Width(h), all.Select(r => Width(r[i])).DefaultIfEmpty(0).Max())).ToArray();
        var lines = new List<string> { Line(headers, widths), string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(all.Select(r => Line(r, widths)));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c + new string(' ', widths[i] - Width(c)))).TrimEnd();

    // Hangul and other wide characters take two terminal columns.
    private static int Width(string text) => text.Sum(c => c is >= '\u1100' and <= '\u11FF' or >= '\u3000' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7A3' ? 2 : 1);
}
