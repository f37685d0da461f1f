using Eco.Agents.Common;
using Eco.Agents.Text;

namespace Eco.Agents.Vision;

/// <summary>The parsed scan-hints.json: situation triggers, derived tags, English file-name words and preparation rules.</summary>
internal sealed class ScanHints
{
    private static readonly Lazy<ScanHints> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private ScanHints(
        TermMatcher<string> situations,
        string[] tagOrder,
        (string When, string Middle, string[] Words, string Add)[] derived,
        Dictionary<string, string> english,
        int longestEnglish,
        (HashSet<string> Tags, HashSet<string> Scope, string Text)[] insufficiencies)
    {
        Situations = situations;
        TagOrder = tagOrder;
        Derived = derived;
        English = english;
        LongestEnglishPhrase = longestEnglish;
        Insufficiencies = insufficiencies;
    }

    /// <summary>Situation triggers (normalised) mapped to their tag.</summary>
    public TermMatcher<string> Situations { get; }

    /// <summary>Tags in dataset order, which is the order results list them in.</summary>
    public string[] TagOrder { get; }

    /// <summary>Tags added for a sub-category (or its normalised words in the text) when another tag is present.</summary>
    public (string When, string Middle, string[] Words, string Add)[] Derived { get; }

    /// <summary>Lower-case English words or phrases (space-joined) mapped to Korean.</summary>
    public Dictionary<string, string> English { get; }

    /// <summary>Number of words in the longest English phrase.</summary>
    public int LongestEnglishPhrase { get; }

    /// <summary>Preparation rules: any of the tags, within the scope (empty = every recyclable sub-category), gives the text.</summary>
    public (HashSet<string> Tags, HashSet<string> Scope, string Text)[] Insufficiencies { get; }

    public static ScanHints LoadEmbedded() => Embedded.Value;

    private static ScanHints Load()
    {
        var file = EmbeddedData.Read("scan-hints.json", ScanHintJsonContext.Default.ScanHintFile);
        var situations = new TermMatcher<string>();
        var order = new List<string>();
        foreach (var dto in file.Situations ?? throw new InvalidDataException("Scan-hint dataset has no 'situations'."))
        {
            var tag = string.IsNullOrWhiteSpace(dto.Tag) ? throw new InvalidDataException("A scan situation has no tag.") : dto.Tag.Trim();
            var triggers = EmbeddedData.Clean(dto.Triggers);
            if (triggers.Length == 0)
            {
                throw new InvalidDataException($"Scan situation '{tag}' has no triggers.");
            }

            order.Add(tag);
            foreach (var trigger in triggers)
            {
                situations.Add(trigger, tag);
            }
        }

        situations.Block(EmbeddedData.Clean(file.Blockers));
        var derived = (file.Derived ?? [])
            .Select(d => (
                When: d.When?.Trim() ?? string.Empty,
                Middle: d.Middle?.Trim() ?? string.Empty,
                Words: EmbeddedData.Clean(d.Words).Select(KoreanText.Normalize).ToArray(),
                Add: d.Add?.Trim() ?? string.Empty))
            .Where(d => d.When.Length > 0 && d.Middle.Length > 0 && d.Add.Length > 0)
            .ToArray();
        order.AddRange(derived.Select(d => d.Add).Where(a => !order.Contains(a)));

        var english = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in file.English ?? [])
        {
            var phrase = string.Join(' ', key.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (phrase.Length > 0 && !string.IsNullOrWhiteSpace(value))
            {
                english[phrase] = value.Trim();
            }
        }

        var insufficiencies = (file.Insufficiencies ?? []).Select(i =>
        {
            var text = string.IsNullOrWhiteSpace(i.Text) ? throw new InvalidDataException("An insufficiency has no text.") : i.Text.Trim();
            return (EmbeddedData.Clean(i.Tags).ToHashSet(StringComparer.Ordinal),
                EmbeddedData.Clean(i.Scope).Select(KoreanText.Normalize).ToHashSet(StringComparer.Ordinal),
                text);
        }).ToArray();

        var longest = english.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
        return new ScanHints(situations, order.ToArray(), derived, english, longest, insufficiencies);
    }
}
