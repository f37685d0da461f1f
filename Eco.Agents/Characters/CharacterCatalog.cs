using System.Collections.ObjectModel;
using System.Text;
using Eco.Agents.Common;
using Eco.Agents.Text;

namespace Eco.Agents.Characters;

/// <summary>The 13 collectible characters (mascot 이코 plus 12 recycling friends) from the embedded characters.json.</summary>
public sealed class CharacterCatalog
{
    /// <summary>Match label of the mascot, used when no recycling friend fits.</summary>
    public const string MascotLabel = "대표 캐릭터";

    private static readonly Lazy<CharacterCatalog> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Entry[] _entries;
    private readonly string[] _cueWords;
    private readonly Dictionary<string, CharacterInfo> _byLabel;
    private readonly TermMatcher<Entry> _weakTerms = new();

    private CharacterCatalog(Entry[] entries, string[] cueWords)
    {
        _entries = entries;
        _cueWords = cueWords;
        foreach (var entry in entries.Where(e => !e.Info.IsMascot))
        {
            foreach (var term in entry.Weak)
            {
                _weakTerms.Add(term, entry);
            }
        }

        All = new ReadOnlyCollection<CharacterInfo>(entries.Select(e => e.Info).ToArray());
        Mascot = All.FirstOrDefault(c => c.IsMascot) ?? throw new InvalidDataException("Character dataset has no mascot.");
        _byLabel = All.Where(c => !c.IsMascot)
            .ToDictionary(c => KoreanText.Normalize(c.MatchLabel), StringComparer.Ordinal);
    }

    /// <summary>All characters in dataset order, the mascot first.</summary>
    public IReadOnlyList<CharacterInfo> All { get; }

    /// <summary>The mascot 이코.</summary>
    public CharacterInfo Mascot { get; }

    /// <summary>Returns the catalog embedded in this assembly, parsing it on first use only.</summary>
    public static CharacterCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>Returns the character a message talks about, or null when it names none.</summary>
    /// <remarks>
    /// Character names count on their own; everyday words (aliases such as "페트", covered items, the
    /// sub-category) count only when a cue word such as "캐릭터" or "친구" is also present.
    /// </remarks>
    public CharacterInfo? Find(string message)
    {
        var text = KoreanText.Normalize(message);
        if (text.Length == 0)
        {
            return null;
        }

        var words = KoreanText.Words(message).Select(KoreanText.Normalize).Where(w => w.Length > 0).ToArray();
        var byName = FirstAtWordStart(words, e => e.Names);
        if (byName is not null)
        {
            return byName.Info;
        }

        if (!_cueWords.Any(c => text.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }

        return (FirstAtWordStart(words, e => e.ContextNames) ?? FirstContained(text))?.Info;
    }

    /// <summary>Returns the character for a recyclable sub-category (such as "무색페트병"); the mascot for null or unknown labels.</summary>
    public CharacterInfo ForMatchLabel(string? middleCategory)
    {
        var key = KoreanText.Normalize(middleCategory);
        return key.Length > 0 && _byLabel.TryGetValue(key, out var character) ? character : Mascot;
    }

    /// <summary>Lists the recycling friends in one short paragraph in 이코's voice.</summary>
    public string ToKoreanOverview()
    {
        var builder = new StringBuilder("저 ").Append(Mascot.Name).Append(" 말고도 재활용 친구가 ")
            .Append(All.Count - 1).Append("명 있어요!\n");
        foreach (var character in All.Where(c => !c.IsMascot))
        {
            builder.Append("- ").Append(character.Name).Append(": ").Append(character.MatchLabel).Append('\n');
        }

        builder.Append("올바르게 분리배출한 사진을 올리면 그 품목의 친구를 만날 수 있어요.");
        return builder.ToString();
    }

    // The earliest word that starts with one of an entry's names wins; longer names first at the same word.
    private Entry? FirstAtWordStart(string[] words, Func<Entry, string[]> names)
    {
        foreach (var word in words)
        {
            var best = _entries
                .SelectMany(e => names(e).Select(n => (Entry: e, Name: n)))
                .Where(x => word.StartsWith(x.Name, StringComparison.Ordinal))
                .OrderByDescending(x => x.Name.Length)
                .Select(x => x.Entry)
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    // With a cue word, an alias, item or sub-category anywhere in the text points at the character; the longest term wins.
    private Entry? FirstContained(string text)
    {
        var hits = _weakTerms.Find(text);
        return hits.Count == 0 ? null : hits.OrderByDescending(h => h.Term.Length).ThenBy(h => h.Position).First().Values[0];
    }

    private static CharacterCatalog Load()
    {
        var file = EmbeddedData.Read("characters.json", CharacterCatalogJsonContext.Default.CharacterCatalogFile);
        var dtos = file.Characters ?? throw new InvalidDataException("Character dataset has no 'characters'.");
        static string[] Norm(IEnumerable<string> words) =>
            words.Select(KoreanText.Normalize).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

        var entries = dtos.Select(dto =>
        {
            var code = Required(dto.Code, "code");
            var name = Required(dto.Name, code + ".name");
            var label = Required(dto.MatchLabel, code + ".match_label");
            var names = EmbeddedData.Clean(dto.Names);
            var context = EmbeddedData.Clean(dto.ContextNames);
            var aliases = EmbeddedData.Clean(dto.Aliases);
            var items = EmbeddedData.Clean(dto.Items);
            var info = new CharacterInfo
            {
                Code = code,
                Name = name,
                Aliases = Array.AsReadOnly(new[] { name }.Concat(names).Concat(context).Concat(aliases)
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToArray()),
                MatchLabel = label,
                Items = Array.AsReadOnly(items),
                Dialog = Required(dto.Dialog, code + ".dialog"),
                IsMascot = label == MascotLabel,
            };
            var weak = aliases.Concat(items).Append(label);
            return new Entry(info, Norm(names), Norm(context), Norm(weak));
        }).ToArray();

        if (entries.Select(e => e.Info.Code).Distinct(StringComparer.Ordinal).Count() != entries.Length)
        {
            throw new InvalidDataException("Character codes must be unique.");
        }

        return new CharacterCatalog(entries, Norm(file.CueWords ?? []));
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"Character dataset is missing '{field}'.") : value.Trim();

    private sealed record Entry(CharacterInfo Info, string[] Names, string[] ContextNames, string[] Weak);
}
