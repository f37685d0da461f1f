using Eco.Agents.Text;

namespace Eco.Agents.Waste;

/// <summary>Finds the disposal guides that a free-text Korean message is about, by scored term matching.</summary>
/// <remarks>
/// Matching works on <see cref="KoreanText.Normalize"/> output, so spacing and punctuation never matter.
/// Terms are claimed longest-first and a claimed span cannot be reused, which is what makes
/// "깨진 유리병" beat "유리병" and "스티로폼 박스" beat "박스". Where two item names cross, the one ending later wins,
/// so "깨진 유리컵" reads as one glass cup, not "깨진 유리" plus a "컵".
/// </remarks>
public sealed class WasteRetriever
{
    // Official item names are the most trustworthy evidence; everyday aliases nearly as much.
    private const double ItemWeight = 1.0;
    private const double AliasWeight = 0.95;

    // Category words ("종이", "플라스틱") alone must never outrank an item, so they stay below 0.5.
    private const double KeywordWeight = 0.45;

    // A guide that explicitly lists the item as "not here" keeps only a fraction of its score.
    private const double NotAcceptedFactor = 0.4;

    // When items matched too, category words only nudge the score towards 1.
    private const double KeywordBonusShare = 0.5;

    // How many normalised characters a situation word ("깨진", "양념") may sit from the item it describes.
    private const int SituationWindow = 6;

    // An attachment named as attached to an item ("송장 붙은 상자") is a step to take: the guides it would point to keep it well below item level.
    private const double AttachedFactor = 0.5;

    // Characters a particle may take between an attachment and its cue ("송장이 붙어").
    private const int CueGap = 2;

    private readonly DisposalGuide[] _guides;
    private readonly Dictionary<string, List<TermEntry>> _entries;
    private readonly string[] _termsLongestFirst;
    private readonly HashSet<string> _itemNames;
    private readonly CompiledSituation[][] _situations;

    /// <summary>Creates a retriever over the embedded catalog.</summary>
    public WasteRetriever()
        : this(WasteCatalog.LoadEmbedded())
    {
    }

    /// <summary>Creates a retriever over the given catalog; the term index is built once here.</summary>
    public WasteRetriever(WasteCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        _guides = catalog.Guides.ToArray();
        _entries = new Dictionary<string, List<TermEntry>>(StringComparer.Ordinal);

        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _guides.Length; i++)
        {
            indexById[_guides[i].Id] = i;
        }

        for (var g = 0; g < _guides.Length; g++)
        {
            var guide = _guides[g];
            foreach (var item in guide.Items)
            {
                Add(item, new TermEntry(g, TermKind.Item, item, -1));
            }

            foreach (var alias in guide.Aliases)
            {
                Add(alias, new TermEntry(g, TermKind.Alias, alias, -1));
            }

            foreach (var keyword in guide.Keywords)
            {
                Add(keyword, new TermEntry(g, TermKind.Keyword, keyword, -1));
            }

            foreach (var excluded in guide.NotAccepted)
            {
                var redirect = excluded.GuideId is null ? -1 : indexById[excluded.GuideId];
                foreach (var term in excluded.MatchTerms)
                {
                    Add(term, new TermEntry(g, TermKind.NotAccepted, term, redirect, excluded.Attachment));
                }
            }
        }

        foreach (var ignored in catalog.IgnoreTerms)
        {
            Add(ignored, new TermEntry(-1, TermKind.Ignore, ignored, -1));
        }

        _itemNames = _entries
            .Where(e => e.Value.Any(t => t.Kind is TermKind.Item or TermKind.Alias or TermKind.NotAccepted))
            .Select(e => e.Key)
            .ToHashSet(StringComparer.Ordinal);

        _termsLongestFirst = _entries.Keys
            .OrderByDescending(t => t.Length)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToArray();

        _situations = _guides
            .Select(guide => guide.Situations.Select(rule => new CompiledSituation(
                rule.Label,
                rule.Triggers.Select(KoreanText.Normalize).Where(t => t.Length > 0).ToArray(),
                rule.AppliesTo.Select(KoreanText.Normalize).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal),
                indexById[rule.TargetGuideId])).ToArray())
            .ToArray();
    }

    /// <summary>The catalog this retriever searches.</summary>
    public WasteCatalog Catalog { get; }

    /// <summary>Returns up to <paramref name="limit"/> guides relevant to the message, best first; empty when nothing matches.</summary>
    public IReadOnlyList<WasteMatch> Search(string message, int limit = 3)
    {
        var text = KoreanText.Normalize(message);
        if (text.Length == 0 || limit <= 0)
        {
            return [];
        }

        var covered = new bool[text.Length];
        var found = ClaimTerms(text, covered);
        if (found.Count == 0)
        {
            return [];
        }

        var evidence = new Evidence?[_guides.Length];
        Evidence For(int g) => evidence[g] ??= new Evidence();

        var attachments = new List<(TermEntry Entry, string Term, double Weight)>();
        foreach (var term in found.Keys)
        {
            var lengthFactor = LengthFactor(term.Length);
            foreach (var entry in _entries[term])
            {
                switch (entry.Kind)
                {
                    case TermKind.Item:
                        For(entry.Guide).AddItem(term, ItemWeight * lengthFactor, entry.Display);
                        break;
                    case TermKind.Alias:
                        For(entry.Guide).AddItem(term, AliasWeight * lengthFactor, entry.Display);
                        break;
                    case TermKind.Keyword:
                        For(entry.Guide).AddKeyword(term, KeywordWeight * lengthFactor, entry.Display);
                        break;
                    case TermKind.NotAccepted when entry.Attachment && AttachedAt(text, term, found[term]):
                        attachments.Add((entry, term, ItemWeight * lengthFactor));
                        break;
                    case TermKind.NotAccepted:
                        // The excluding guide is told "not here"; the guide it points to gets item-level credit.
                        For(entry.Guide).Penalized = true;
                        if (entry.Redirect >= 0)
                        {
                            For(entry.Redirect).AddItem(term, ItemWeight * lengthFactor, entry.Display, borrowed: true);
                        }

                        break;
                    case TermKind.Ignore:
                        break;
                }
            }
        }

        // Decided once every item is known: "송장 붙은 택배 상자" is about the box, but "송장 붙은 거" is about the invoice.
        var demoted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, term, weight) in attachments)
        {
            var onItem = evidence.Where((e, g) => g != entry.Redirect && e?.HasOwnItemBesides(term) == true).Any();
            if (!onItem)
            {
                For(entry.Guide).Penalized = true;
            }

            if (entry.Redirect >= 0)
            {
                For(entry.Redirect).AddItem(term, weight, entry.Display, borrowed: true);
            }

            // The attachment stays in the answer as a side note, never as the thing asked about.
            if (onItem && demoted.Add(term))
            {
                for (var g = 0; g < _guides.Length; g++)
                {
                    if (g != entry.Guide)
                    {
                        evidence[g]?.Demote(term, AttachedFactor);
                    }
                }
            }
        }

        ApplySituations(text, covered, found, evidence, For);

        var matches = new List<(WasteMatch Match, int Longest)>();
        for (var g = 0; g < _guides.Length; g++)
        {
            var e = evidence[g];
            var score = e?.Score() ?? 0;
            if (e is null || score <= 0)
            {
                continue;
            }

            var match = new WasteMatch(_guides[g].Id, _guides[g].Title, Math.Round(score, 4), e.OrderedTerms());
            matches.Add((match, e.LongestTerm));
        }

        return matches
            .OrderByDescending(m => m.Match.Score)
            .ThenByDescending(m => m.Longest)
            .ThenBy(m => m.Match.GuideId, StringComparer.Ordinal)
            .Take(limit)
            .Select(m => m.Match)
            .ToArray();
    }

    // Longest-first claiming: a span used by a longer term (or an ignore word) is invisible to shorter ones.
    // Returns every claimed term with the start positions it was claimed at.
    private Dictionary<string, List<int>> ClaimTerms(string text, bool[] covered)
    {
        var occurrences = new List<(string Term, int Start)>();
        foreach (var term in _termsLongestFirst)
        {
            if (term.Length > text.Length)
            {
                continue;
            }

            for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                occurrences.Add((term, at));
            }
        }

        var found = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (term, at) in occurrences)
        {
            if (Array.IndexOf(covered, true, at, term.Length) >= 0 || HeadCrosses(occurrences, covered, term, at))
            {
                continue;
            }

            Array.Fill(covered, true, at, term.Length);
            if (!found.TryGetValue(term, out var starts))
            {
                starts = [];
                found[term] = starts;
            }

            starts.Add(at);
        }

        return found;
    }

    // Korean compounds put the head noun last, so when two item names cross ("깨진 유리" and "유리컵" in "깨진 유리컵")
    // the one reaching further right names the thing; letting the longer one win would leave "컵" to be read as an item of its own.
    private bool HeadCrosses(List<(string Term, int Start)> occurrences, bool[] covered, string term, int at)
    {
        var end = at + term.Length;
        foreach (var (other, start) in occurrences)
        {
            if (start > at && start < end && start + other.Length > end && _itemNames.Contains(other) &&
                Array.IndexOf(covered, true, start, other.Length) < 0)
            {
                return true;
            }
        }

        return false;
    }

    // Rules are evaluated against the pre-rule evidence so one situation cannot trigger another.
    // A trigger counts only near one of the guide's own terms and outside other claimed words,
    // so in "페트병이랑 검정 비닐" the colour belongs to the bag, not the bottle.
    private void ApplySituations(
        string text,
        bool[] covered,
        Dictionary<string, List<int>> found,
        Evidence?[] evidence,
        Func<int, Evidence> evidenceFor)
    {
        var moves = new List<(int From, int To, double Weight, string Label)>();
        for (var g = 0; g < _guides.Length; g++)
        {
            var e = evidence[g];
            if (e is null || !e.HasAnyMatch)
            {
                continue;
            }

            var spans = e.OwnTerms.SelectMany(t => found[t].Select(start => (Start: start, End: start + t.Length))).ToArray();
            foreach (var rule in _situations[g])
            {
                var applies = rule.AppliesTo.Count == 0 || e.OwnTerms.Any(rule.AppliesTo.Contains);
                if (applies && rule.Triggers.Any(t => TriggerNear(text, covered, t, spans)))
                {
                    moves.Add((g, rule.Target, e.RawScore(), rule.Label));
                    break;
                }
            }
        }

        foreach (var (from, to, weight, label) in moves)
        {
            evidence[from]!.Penalized = true;
            evidenceFor(to).AddItem(KoreanText.Normalize(label), weight, label, situation: true);
        }
    }

    private bool AttachedAt(string text, string term, List<int> starts)
    {
        foreach (var start in starts)
        {
            var after = start + term.Length;
            for (var at = after; at <= Math.Min(after + CueGap, text.Length - 1); at++)
            {
                if (Catalog.AttachmentCues.Any(cue => text.AsSpan(at).StartsWith(cue, StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TriggerNear(string text, bool[] covered, string trigger, (int Start, int End)[] spans)
    {
        for (var at = text.IndexOf(trigger, StringComparison.Ordinal); at >= 0; at = text.IndexOf(trigger, at + 1, StringComparison.Ordinal))
        {
            if (Array.IndexOf(covered, true, at, trigger.Length) >= 0)
            {
                continue;
            }

            var end = at + trigger.Length;
            if (spans.Any(s => end > s.Start - SituationWindow && at < s.End + SituationWindow))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string raw, TermEntry entry)
    {
        var term = KoreanText.Normalize(raw);
        if (term.Length == 0)
        {
            return;
        }

        if (!_entries.TryGetValue(term, out var list))
        {
            list = [];
            _entries[term] = list;
        }

        list.Add(entry);
    }

    // One- and two-syllable words ("캔", "약", "박스") are more often accidental substrings than long ones.
    private static double LengthFactor(int length) => length switch
    {
        1 => 0.7,
        2 => 0.85,
        _ => 1.0,
    };

    private enum TermKind
    {
        Item,
        Alias,
        Keyword,
        NotAccepted,
        Ignore,
    }

    private readonly record struct TermEntry(int Guide, TermKind Kind, string Display, int Redirect, bool Attachment = false);

    private readonly record struct ItemHit(double Weight, string Display, bool Situation, bool Borrowed);

    private sealed record CompiledSituation(string Label, string[] Triggers, HashSet<string> AppliesTo, int Target);

    private sealed class Evidence
    {
        private readonly Dictionary<string, ItemHit> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (double Weight, string Display)> _keywords = new(StringComparer.Ordinal);

        public bool Penalized { get; set; }

        public bool HasAnyMatch => _items.Count > 0 || _keywords.Count > 0;

        public bool HasOwnItemBesides(string term) => _items.Any(i => i.Key != term && !i.Value.Borrowed && !i.Value.Situation);

        /// <summary>Terms this guide matched with its own wording (not borrowed, not situation labels).</summary>
        public IEnumerable<string> OwnTerms =>
            _items.Where(i => !i.Value.Borrowed && !i.Value.Situation).Select(i => i.Key).Concat(_keywords.Keys);

        public int LongestTerm => _items.Keys.Concat(_keywords.Keys).Select(k => k.Length).DefaultIfEmpty(0).Max();

        // On equal weight the guide's own wording wins over wording borrowed from another guide's exclusion list.
        public void AddItem(string term, double weight, string display, bool situation = false, bool borrowed = false)
        {
            if (!_items.TryGetValue(term, out var existing) ||
                existing.Weight < weight ||
                (existing.Weight == weight && existing.Borrowed && !borrowed))
            {
                _items[term] = new ItemHit(weight, display, situation, borrowed);
            }
        }

        public void Demote(string term, double factor)
        {
            if (_items.TryGetValue(term, out var hit))
            {
                _items[term] = hit with { Weight = hit.Weight * factor };
            }
        }

        public void AddKeyword(string term, double weight, string display)
        {
            if (!_keywords.TryGetValue(term, out var existing) || existing.Weight < weight)
            {
                _keywords[term] = (weight, display);
            }
        }

        // Noisy-OR over item evidence keeps the score in 0..1 and rewards several independent hits.
        public double RawScore()
        {
            var miss = 1.0;
            foreach (var hit in _items.Values)
            {
                miss *= 1 - Math.Clamp(hit.Weight, 0, 1);
            }

            var itemScore = 1 - miss;
            var keywordScore = _keywords.Count == 0 ? 0 : _keywords.Values.Max(k => k.Weight);
            return itemScore > 0 ? itemScore + ((1 - itemScore) * KeywordBonusShare * keywordScore) : keywordScore;
        }

        public double Score() => Math.Clamp(RawScore() * (Penalized ? NotAcceptedFactor : 1), 0, 1);

        public IReadOnlyList<string> OrderedTerms() =>
            _items
                .OrderByDescending(i => i.Value.Situation)
                .ThenByDescending(i => i.Value.Weight)
                .ThenByDescending(i => i.Key.Length)
                .ThenBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => i.Value.Display)
                .Concat(_keywords
                    .OrderByDescending(k => k.Value.Weight)
                    .ThenBy(k => k.Key, StringComparer.Ordinal)
                    .Select(k => k.Value.Display))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
    }
}
