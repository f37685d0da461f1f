using System.Collections.ObjectModel;
using Eco.Agents.Common;
using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Prices;

/// <summary>Recyclable market prices per kg by survey region, from the embedded monthly price survey.</summary>
public sealed class RecyclablePriceTable
{
    /// <summary>Id of the nationwide-average region, the default.</summary>
    public const string NationwideId = "nationwide";

    private const int MaxQuotes = 6;

    // "뭐가 더 비싸?", "어느 게 더 쳐줘?": the message wants the materials ranked, not just listed.
    private static readonly string[] ComparisonWords =
    [
        "비싸", "더싸", "싼가", "싼지", "싼게", "싼거", "비교", "차이", "뭐가더", "어느게더", "어떤게더", "뭐가돈", "어느쪽", "중에뭐", "중뭐", "vs",
    ];

    private static readonly Lazy<RecyclablePriceTable> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Item[] _items;
    private readonly PriceRegion[] _regions;
    private readonly TermMatcher<string> _itemTerms;
    private readonly TermMatcher<string> _regionTerms;
    private readonly SurveyDto _survey;

    private RecyclablePriceTable(Item[] items, PriceRegion[] regions, TermMatcher<string> itemTerms, TermMatcher<string> regionTerms, SurveyDto survey)
    {
        _items = items;
        _regions = regions;
        _itemTerms = itemTerms;
        _regionTerms = regionTerms;
        _survey = survey;
        Regions = new ReadOnlyCollection<PriceRegion>(regions);
    }

    /// <summary>The survey regions, nationwide first.</summary>
    public IReadOnlyList<PriceRegion> Regions { get; }

    /// <summary>Survey month as "yyyy-MM".</summary>
    public string SurveyMonth => _survey.Month!;

    /// <summary>Returns the table embedded in this assembly, parsing it on first use only.</summary>
    public static RecyclablePriceTable LoadEmbedded() => Embedded.Value;

    /// <summary>Finds the items a message asks about and their price per kg in the region the message (or <paramref name="region"/>) names.</summary>
    /// <param name="message">The user's message, such as "수도권 신문지 kg당 얼마야?".</param>
    /// <param name="region">A fallback region: an id ("capital") or a place name ("서울 마포구"); null means nationwide.</param>
    public PriceAnswer Lookup(string message, string? region)
    {
        var text = KoreanText.Normalize(message);
        var (selected, unlisted) = DetectRegion(text);
        if (selected is null && unlisted is null && !string.IsNullOrWhiteSpace(region))
        {
            selected = _regions.FirstOrDefault(r => string.Equals(r.Id, region.Trim(), StringComparison.OrdinalIgnoreCase));
            if (selected is null)
            {
                (selected, unlisted) = DetectRegion(KoreanText.Normalize(region));
            }
        }

        selected ??= _regions.First(r => r.Id == NationwideId);

        var hits = _itemTerms.Find(text);
        var ids = new List<string>();
        foreach (var hit in hits)
        {
            foreach (var id in hit.Values.Where(id => !ids.Contains(id)))
            {
                ids.Add(id);
            }
        }

        var quotes = ids
            .Select(id => _items.First(i => i.Id == id))
            .Where(i => i.Prices.ContainsKey(selected.Id) && i.Prices.ContainsKey(NationwideId))
            .Take(MaxQuotes)
            .Select(i => new PriceQuote(i.Id, i.Name, i.CategoryName, i.Form, i.Prices[selected.Id], i.Prices[NationwideId], i.CategoryNote))
            .ToArray();

        return new PriceAnswer
        {
            Quotes = quotes,
            Comparison = ComparisonWords.Any(w => text.Contains(w, StringComparison.Ordinal)) ? Compare(hits, quotes) : null,
            Region = selected,
            UnlistedRegion = unlisted,
            SurveyMonth = _survey.Month!,
            Source = _survey.Source!,
            SourceUrl = _survey.Url ?? string.Empty,
            Unit = _survey.Unit!,
            Caveat = _survey.Note ?? string.Empty,
            KnownItems = Array.AsReadOnly(_items.Select(i => i.Name).ToArray()),
        };
    }

    // One side per material word ("페트", "캔"); a single group word ("캔 중에 뭐가 더 비싸?") compares its own items.
    private static PriceComparison? Compare(IReadOnlyList<TermHit<string>> hits, PriceQuote[] quotes)
    {
        var sides = new List<PriceComparisonSide>();
        foreach (var hit in hits)
        {
            var sideQuotes = quotes.Where(q => hit.Values.Contains(q.ItemId)).ToArray();
            if (sideQuotes.Length > 0 && !sides.Any(s => s.Quotes.Select(q => q.ItemId).SequenceEqual(sideQuotes.Select(q => q.ItemId))))
            {
                sides.Add(new PriceComparisonSide(sideQuotes.Length == 1 ? sideQuotes[0].Item : hit.Term, sideQuotes));
            }
        }

        if (sides.Count < 2)
        {
            sides = quotes.Select(q => new PriceComparisonSide(q.Item, [q])).ToList();
        }

        return sides.Count < 2 ? null : new PriceComparison(sides);
    }

    // The first region word in the text wins; a listed region beats an unlisted one at the same position.
    private (PriceRegion? Region, string? Unlisted) DetectRegion(string normalized)
    {
        var hit = _regionTerms.Find(normalized).FirstOrDefault();
        if (hit is null)
        {
            return (null, null);
        }

        var value = hit.Values[0];
        return value.StartsWith('!')
            ? (null, value[1..])
            : (_regions.First(r => r.Id == value), null);
    }

    private static RecyclablePriceTable Load()
    {
        var file = EmbeddedData.Read("recyclable-prices.json", PriceJsonContext.Default.PriceFile);
        var survey = file.Survey ?? throw new InvalidDataException("Price dataset has no 'survey'.");
        if (string.IsNullOrWhiteSpace(survey.Month) || string.IsNullOrWhiteSpace(survey.Source) || string.IsNullOrWhiteSpace(survey.Unit))
        {
            throw new InvalidDataException("Price dataset survey needs month, source and unit.");
        }

        var regionDtos = file.Regions ?? throw new InvalidDataException("Price dataset has no 'regions'.");
        var regions = regionDtos.Select(r => new PriceRegion(Required(r.Id, "regions.id"), Required(r.Name, "regions.name"))).ToArray();
        if (!regions.Any(r => r.Id == NationwideId))
        {
            throw new InvalidDataException("Price dataset needs a nationwide region.");
        }

        var regionTerms = new TermMatcher<string>();
        foreach (var dto in regionDtos)
        {
            regionTerms.Add(dto.Name, dto.Id!);
            foreach (var word in EmbeddedData.Clean(dto.Match))
            {
                regionTerms.Add(word, dto.Id!);
            }
        }

        foreach (var place in EmbeddedData.Clean(file.UnlistedRegions))
        {
            regionTerms.Add(place, "!" + place);
        }

        var categories = (file.Categories ?? []).ToDictionary(c => Required(c.Id, "categories.id"), StringComparer.Ordinal);
        var items = (file.Items ?? throw new InvalidDataException("Price dataset has no 'items'.")).Select(dto =>
        {
            var id = Required(dto.Id, "items.id");
            if (dto.Category is null || !categories.TryGetValue(dto.Category, out var category))
            {
                throw new InvalidDataException($"Price item '{id}' has an unknown category.");
            }

            var prices = dto.Prices ?? throw new InvalidDataException($"Price item '{id}' has no prices.");
            if (prices.Keys.Any(k => !regions.Any(r => r.Id == k)))
            {
                throw new InvalidDataException($"Price item '{id}' names an unknown region.");
            }

            return new Item(id, Required(dto.Name, "items.name"), Required(category.Name, "categories.name"), dto.Form, category.Note,
                EmbeddedData.Clean(dto.Synonyms), prices);
        }).ToArray();

        var itemTerms = new TermMatcher<string>();
        var groups = file.Groups ?? [];
        foreach (var item in items)
        {
            foreach (var term in item.Synonyms.Prepend(item.Name).Where(t => !groups.ContainsKey(t)))
            {
                itemTerms.Add(term, item.Id);
            }
        }

        // Group words ("캔", "플라스틱") stand for several items; they win over a single item using the same word.
        foreach (var (word, ids) in groups)
        {
            foreach (var id in ids)
            {
                if (!items.Any(i => i.Id == id))
                {
                    throw new InvalidDataException($"Price group '{word}' names unknown item '{id}'.");
                }

                itemTerms.Add(word, id);
            }
        }

        // Words that merely contain an item word ("지하철" holds "철") must not count.
        itemTerms.Block(WasteCatalog.LoadEmbedded().IgnoreTerms);
        itemTerms.Block(["철저", "철수", "철학", "철도", "전철", "캔디", "스캔", "캔버스", "유리창", "유리컵"]);

        return new RecyclablePriceTable(items, regions, itemTerms, regionTerms, survey);
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"Price dataset is missing '{field}'.") : value.Trim();

    private sealed record Item(
        string Id,
        string Name,
        string CategoryName,
        string? Form,
        string? CategoryNote,
        string[] Synonyms,
        Dictionary<string, int> Prices);
}
