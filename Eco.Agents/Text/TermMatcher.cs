namespace Eco.Agents.Text;

/// <summary>
/// Longest-first dictionary matching on <see cref="KoreanText.Normalize"/> output: a span claimed by a longer
/// term (or by a blocker word such as "지하철") is invisible to shorter terms, so "알루미늄캔" beats "캔".
/// </summary>
/// <typeparam name="T">Payload attached to each term.</typeparam>
internal sealed class TermMatcher<T>
{
    private readonly Dictionary<string, List<T>> _terms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _blockers = new(StringComparer.Ordinal);
    private (string Term, bool Blocker)[]? _ordered;

    /// <summary>Registers a term (normalised here) with its payload; blank terms are ignored.</summary>
    public TermMatcher<T> Add(string? term, T value)
    {
        var key = KoreanText.Normalize(term);
        if (key.Length == 0)
        {
            return this;
        }

        if (!_terms.TryGetValue(key, out var list))
        {
            list = [];
            _terms[key] = list;
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }

        _ordered = null;
        return this;
    }

    /// <summary>Registers words that only claim their span and report nothing (e.g. "지하철" hides "철").</summary>
    public TermMatcher<T> Block(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            var key = KoreanText.Normalize(word);
            if (key.Length > 0)
            {
                _blockers.Add(key);
            }
        }

        _ordered = null;
        return this;
    }

    /// <summary>Finds the terms in an already normalised text, ordered by position.</summary>
    public IReadOnlyList<TermHit<T>> Find(string normalized)
    {
        if (string.IsNullOrEmpty(normalized))
        {
            return [];
        }

        // Real terms sort before blockers of the same length, so "약국" can be a term while "예약" blocks "약".
        _ordered ??= _terms.Keys.Select(k => (Key: k, Blocker: false))
            .Concat(_blockers.Where(b => !_terms.ContainsKey(b)).Select(b => (Key: b, Blocker: true)))
            .OrderByDescending(t => t.Key.Length)
            .ThenBy(t => t.Blocker)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToArray();

        var covered = new bool[normalized.Length];
        var hits = new List<TermHit<T>>();
        foreach (var (term, blocker) in _ordered)
        {
            if (term.Length > normalized.Length)
            {
                continue;
            }

            for (var at = normalized.IndexOf(term, StringComparison.Ordinal); at >= 0; at = normalized.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                if (Array.IndexOf(covered, true, at, term.Length) >= 0 || !AsciiBoundary(normalized, at, term))
                {
                    continue;
                }

                Array.Fill(covered, true, at, term.Length);
                if (!blocker)
                {
                    hits.Add(new TermHit<T>(term, at, _terms[term]));
                }
            }
        }

        return hits.OrderBy(h => h.Position).ToArray();
    }

    // Latin terms ("pe", "can") must not sit inside a longer Latin word ("paper", "scan").
    private static bool AsciiBoundary(string text, int at, string term)
    {
        if (!char.IsAsciiLetter(term[0]) && !char.IsAsciiLetter(term[^1]))
        {
            return true;
        }

        var end = at + term.Length;
        var beforeOk = !char.IsAsciiLetter(term[0]) || at == 0 || !char.IsAsciiLetter(text[at - 1]);
        var afterOk = !char.IsAsciiLetter(term[^1]) || end == text.Length || !char.IsAsciiLetter(text[end]);
        return beforeOk && afterOk;
    }
}
