using System.Text;
using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Vision;

/// <summary>Classifies a scan from its text hints (the user's message and the image file name) when no vision model is configured.</summary>
public sealed class TextHintClassifier
{
    // Matches at or above this score came from an item word; below it only a category word matched.
    private const double ItemScore = 0.55;

    private const int CandidateCount = 3;

    private readonly WasteRetriever _retriever;
    private readonly ScanHints _hints;

    /// <summary>Creates a classifier over the embedded waste catalog.</summary>
    public TextHintClassifier()
        : this(new WasteRetriever())
    {
    }

    /// <summary>Creates a classifier that shares an existing retriever.</summary>
    public TextHintClassifier(WasteRetriever retriever)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
        _hints = ScanHints.LoadEmbedded();
    }

    /// <summary>Classifies from the message first and the image file name second; situation tags come from both.</summary>
    /// <param name="message">Text the user sent with the image, or null.</param>
    /// <param name="imageUrl">The image URL or path; only its last path segment (the file name) is read, never the image.</param>
    public ScanClassification Classify(string? message, string? imageUrl)
    {
        var (fileName, fileText) = DecodeFileName(imageUrl);
        var fromMessage = string.IsNullOrWhiteSpace(message) ? [] : _retriever.Search(message, CandidateCount);
        var fromFile = fileText.Length == 0 ? [] : _retriever.Search(fileText, CandidateCount);

        // The message is what the user says; a file name only wins when it is clearly more specific.
        var useFile = fromFile.Count > 0 && (fromMessage.Count == 0 || fromFile[0].Score > fromMessage[0].Score);
        var candidates = useFile ? fromFile : fromMessage;
        var source = candidates.Count == 0 ? ScanClassification.FromNothing
            : useFile ? ScanClassification.FromFileName : ScanClassification.FromMessage;

        var best = candidates.Count > 0 ? candidates[0] : null;
        var guide = best is null ? null : _retriever.Catalog.Find(best.GuideId);
        var text = KoreanText.Normalize(message) + "|" + KoreanText.Normalize(fileText);
        var tags = Situations(text);
        AddDerived(tags, candidates, text);

        return new ScanClassification
        {
            Major = guide?.Stream ?? ScanClassification.UnclassifiedMajor,
            Middle = guide?.SubCategory,
            Minor = best is not null && best.Score >= ItemScore && best.MatchedTerms.Count > 0 ? best.MatchedTerms[0] : null,
            SituationTags = _hints.TagOrder.Where(tags.Contains).ToArray(),
            HintSource = source,
            GuideId = guide?.Id,
            GuideTitle = guide?.Title,
            Score = best?.Score ?? 0,
            FileName = fileName,
        };
    }

    /// <summary>Decodes the file name of an image URL and translates its words into Korean hint text.</summary>
    /// <returns>The decoded name without extension (or null) and the Korean hint text (empty when none).</returns>
    internal (string? FileName, string HintText) DecodeFileName(string? imageUrl)
    {
        var name = FileNameOf(imageUrl);
        if (name is null)
        {
            return (null, string.Empty);
        }

        var tokens = Tokens(name).ToArray();
        var words = new List<string>();
        for (var i = 0; i < tokens.Length;)
        {
            if (!char.IsAsciiLetter(tokens[i][0]))
            {
                // Hangul (and other scripts) pass through; bare numbers such as dates are noise.
                if (!tokens[i].All(char.IsAsciiDigit))
                {
                    words.Add(tokens[i]);
                }

                i++;
                continue;
            }

            var taken = 0;
            for (var n = Math.Min(_hints.LongestEnglishPhrase, tokens.Length - i); n >= 1 && taken == 0; n--)
            {
                var slice = tokens.Skip(i).Take(n).Select(t => t.ToLowerInvariant()).ToArray();
                if (slice.Any(t => !char.IsAsciiLetter(t[0])))
                {
                    continue;
                }

                if (_hints.English.TryGetValue(string.Join(' ', slice), out var korean) ||
                    (n > 1 && _hints.English.TryGetValue(string.Concat(slice), out korean)))
                {
                    words.Add(korean);
                    taken = n;
                }
            }

            i += Math.Max(taken, 1);
        }

        return (name, string.Join(' ', words));
    }

    private HashSet<string> Situations(string normalized)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in _hints.Situations.Find(normalized))
        {
            tags.UnionWith(hit.Values);
        }

        return tags;
    }

    // "깨짐" + a glass bottle (a candidate guide or the word in the text) adds "유리병_깨짐", even when the break moved the item to another guide.
    private void AddDerived(HashSet<string> tags, IReadOnlyList<WasteMatch> candidates, string normalizedText)
    {
        var middles = candidates
            .Select(c => _retriever.Catalog.Find(c.GuideId)?.SubCategory)
            .Where(m => m is not null)
            .Select(m => KoreanText.Normalize(m))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (when, middle, words, add) in _hints.Derived)
        {
            if (tags.Contains(when) &&
                (middles.Contains(KoreanText.Normalize(middle)) || words.Any(w => normalizedText.Contains(w, StringComparison.Ordinal))))
            {
                tags.Add(add);
            }
        }
    }

    private static string? FileNameOf(string? imageUrl)
    {
        if (string.IsNullOrWhiteSpace(imageUrl) || imageUrl.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = imageUrl.Trim();
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Scheme) && uri.Scheme.Length > 1)
        {
            path = uri.AbsolutePath;
        }
        else
        {
            var cut = path.IndexOfAny(['?', '#']);
            if (cut >= 0)
            {
                path = path[..cut];
            }
        }

        var segment = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(segment.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            decoded = segment;
        }

        decoded = decoded.Normalize(NormalizationForm.FormC).Trim();
        var dot = decoded.LastIndexOf('.');
        if (dot > 0 && decoded.Length - dot - 1 is >= 1 and <= 5 && decoded[(dot + 1)..].All(char.IsAsciiLetterOrDigit))
        {
            decoded = decoded[..dot];
        }

        return decoded.Any(char.IsLetter) ? decoded : null;
    }

    // Splits on separators, camelCase humps and script changes: "petBottle_01" → pet, Bottle, 01; "페트병label" → 페트병, label.
    private static IEnumerable<string> Tokens(string name)
    {
        var current = new StringBuilder();
        var previous = '\0';
        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch))
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                previous = '\0';
                continue;
            }

            if (current.Length > 0 && Boundary(previous, ch))
            {
                yield return current.ToString();
                current.Clear();
            }

            current.Append(ch);
            previous = ch;
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static bool Boundary(char previous, char next) =>
        Script(previous) != Script(next) || (char.IsAsciiLetterLower(previous) && char.IsAsciiLetterUpper(next));

    private static int Script(char ch) => char.IsAsciiDigit(ch) ? 0 : char.IsAsciiLetter(ch) ? 1 : 2;
}
