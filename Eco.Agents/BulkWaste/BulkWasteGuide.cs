using System.Globalization;
using System.Text.RegularExpressions;
using Eco.Agents.Common;
using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.BulkWaste;

/// <summary>Bulky-waste (대형폐기물) fees from an example fee table, district application info and the usual steps.</summary>
public sealed partial class BulkWasteGuide
{
    private const string ApplianceCategory = "가전류";

    // A waste match at or above this score named an item, not just a category.
    private const double ItemScore = 0.55;

    // Guides whose items may be bulky: an item of theirs that the fee table lacks is still named in the answer.
    private static readonly string[] BulkyGuideIds = ["bulky-waste", "recyclable.electronics"];

    // Seoul's districts, so that a district outside the data is still recognised and answered honestly.
    private static readonly string[] SeoulDistricts =
    [
        "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구", "은평구", "서대문구",
        "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
    ];

    // Words ending in 구 that are not districts.
    private static readonly string[] NotDistricts =
    [
        "가구", "침구", "친구", "완구", "공구", "도구", "기구", "용구", "문구", "입구", "출구", "연구", "요구", "야구", "농구", "배구", "축구",
        "탁구", "족구", "창구", "장난감구", "전구", "운동구", "소방구", "주방구", "어구", "지구",
    ];

    private static readonly Lazy<BulkWasteGuide> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<WasteRetriever> Retriever = new(() => new WasteRetriever(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Fee[] _fees;
    private readonly BulkDistrictInfo[] _districts;
    private readonly TermMatcher<int> _feeTerms;
    private readonly TermMatcher<int> _districtTerms;
    private readonly string _feeBasis;
    private readonly IReadOnlyList<string> _steps;
    private readonly string? _applianceNote;
    private readonly string? _reuseNote;

    private BulkWasteGuide(
        Fee[] fees,
        BulkDistrictInfo[] districts,
        TermMatcher<int> feeTerms,
        TermMatcher<int> districtTerms,
        string feeBasis,
        IReadOnlyList<string> steps,
        string? applianceNote,
        string? reuseNote)
    {
        _fees = fees;
        _districts = districts;
        _feeTerms = feeTerms;
        _districtTerms = districtTerms;
        _feeBasis = feeBasis;
        _steps = steps;
        _applianceNote = applianceNote;
        _reuseNote = reuseNote;
    }

    /// <summary>Returns the guide embedded in this assembly, parsing it on first use only.</summary>
    public static BulkWasteGuide LoadEmbedded() => Embedded.Value;

    /// <summary>Answers a bulky-waste question: example fee for the item, application info for the district, and the steps.</summary>
    /// <param name="message">The user's message, such as "2인용 소파 버리는 비용".</param>
    /// <param name="district">The user's district (구) when known from elsewhere; a district named in the message wins.</param>
    public BulkWasteAnswer Lookup(string message, string? district)
    {
        var text = KoreanText.Normalize(message);

        string? mentioned = null;
        var rows = Array.Empty<Fee>();
        var hit = _feeTerms.Find(text).FirstOrDefault();
        if (hit is not null)
        {
            rows = hit.Values.Select(i => _fees[i]).ToArray();
            mentioned = rows[0].DisplayTerm;
            rows = Narrow(rows, text);
        }
        else
        {
            // Not in the fee table ("서랍장", "책장"): name the item if the waste catalog knows it as bulky, so the answer can say so.
            var match = Retriever.Value.Search(message, 1).FirstOrDefault();
            if (match is not null && match.Score >= ItemScore && BulkyGuideIds.Contains(match.GuideId) && match.MatchedTerms.Count > 0 &&
                _feeTerms.Find(KoreanText.Normalize(match.MatchedTerms[0])).Count == 0)
            {
                mentioned = match.MatchedTerms[0];
            }
        }

        var (info, uncovered) = FindDistrict(message);
        if (info is null && uncovered is null && !string.IsNullOrWhiteSpace(district))
        {
            (info, uncovered) = FindDistrict(district);
            if (info is null && uncovered is null)
            {
                uncovered = district.Trim();
            }
        }

        return new BulkWasteAnswer
        {
            ItemMentioned = mentioned,
            Fees = rows.Select(r => r.Quote).ToArray(),
            FeeBasisDistrict = _feeBasis,
            District = info,
            UncoveredDistrict = uncovered,
            CoveredDistricts = Array.AsReadOnly(_districts.Select(d => d.Name).ToArray()),
            ReuseNote = Retriever.Value.Catalog.SaysUnusable(text) ? null : _reuseNote,
            Steps = _steps,
            ApplianceNote = rows.Any(r => r.Quote.Category == ApplianceCategory) ? _applianceNote : null,
        };
    }

    // A size ("300리터", "55인치") or variant word ("2인용", "싱글") picks the matching rows; otherwise all rows stay.
    private static Fee[] Narrow(Fee[] rows, string text)
    {
        // "슈퍼싱글" is neither row of a 싱글/더블 table, so it must not read as "싱글".
        var plain = text.Replace("슈퍼싱글", string.Empty, StringComparison.Ordinal);
        var byVariant = rows.Where(r => r.Variants.Any(v => plain.Contains(v, StringComparison.Ordinal))).ToArray();
        if (byVariant.Length > 0)
        {
            return byVariant;
        }

        var bySize = rows.Where(r => r.Size is not null && r.Size.Matches(text)).ToArray();
        return bySize.Length > 0 ? bySize : rows;
    }

    private (BulkDistrictInfo? Info, string? Uncovered) FindDistrict(string raw)
    {
        var known = _districtTerms.Find(KoreanText.Normalize(raw)).FirstOrDefault();
        if (known is not null)
        {
            return (_districts[known.Values[0]], null);
        }

        foreach (Match match in DistrictWord().Matches(raw))
        {
            var word = match.Groups[1].Value;
            var seoul = SeoulDistricts.FirstOrDefault(d => word.EndsWith(d, StringComparison.Ordinal));
            if (seoul is not null)
            {
                return (null, seoul);
            }

            if (word.Length >= 3 && !NotDistricts.Any(n => word.EndsWith(n, StringComparison.Ordinal)))
            {
                return (null, word);
            }
        }

        return (null, null);
    }

    private static BulkWasteGuide Load()
    {
        var file = EmbeddedData.Read("bulk-waste.json", BulkWasteJsonContext.Default.BulkWasteFile);
        var steps = EmbeddedData.Clean(file.Steps);
        if (steps.Length < 3)
        {
            throw new InvalidDataException("Bulk-waste dataset needs at least 3 steps.");
        }

        var districtDtos = file.Districts ?? [];
        var districts = districtDtos.Select(d => new BulkDistrictInfo(
            Required(d.Name, "districts.name"),
            Required(d.ApplicationUrl, "districts.application_url"),
            Required(d.Phone, "districts.phone"),
            Required(d.CollectionMethod, "districts.collection_method"),
            Array.AsReadOnly(EmbeddedData.Clean(d.Payment)))).ToArray();
        var districtTerms = new TermMatcher<int>();
        for (var i = 0; i < districtDtos.Count; i++)
        {
            districtTerms.Add(districts[i].Name, i);
            foreach (var word in EmbeddedData.Clean(districtDtos[i].Match))
            {
                districtTerms.Add(word, i);
            }
        }

        var fees = (file.Fees ?? throw new InvalidDataException("Bulk-waste dataset has no 'fees'.")).Select(f =>
        {
            var item = Required(f.Item, "fees.item");
            var terms = EmbeddedData.Clean(f.Terms);
            if (terms.Length == 0 || f.Fee <= 0)
            {
                throw new InvalidDataException($"Fee row '{item}' needs terms and a positive fee.");
            }

            var size = f.Size is null ? null : new SizeBand(Required(f.Size.Unit, "fees.size.unit"), f.Size.Below, f.Size.From);
            var display = item.Split('(')[0];
            return new Fee(
                new BulkFeeQuote(item, Required(f.Category, "fees.category"), f.Fee),
                terms,
                EmbeddedData.Clean(f.Variant).Select(KoreanText.Normalize).ToArray(),
                size,
                display);
        }).ToArray();

        var feeTerms = new TermMatcher<int>();
        for (var i = 0; i < fees.Length; i++)
        {
            foreach (var term in fees[i].Terms)
            {
                feeTerms.Add(term, i);
            }
        }

        // A sofa bed or a TV stand is not in the table; blocking them keeps "소파"/"티비" from quoting the wrong row.
        feeTerms.Block(["소파베드", "쇼파베드", "티비장", "티비다이", "tv장"]);

        return new BulkWasteGuide(
            fees,
            districts,
            feeTerms,
            districtTerms,
            Required(file.FeeBasis, "fee_basis"),
            Array.AsReadOnly(steps),
            string.IsNullOrWhiteSpace(file.ApplianceNote) ? null : file.ApplianceNote.Trim(),
            string.IsNullOrWhiteSpace(file.ReuseNote) ? null : file.ReuseNote.Trim());
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"Bulk-waste dataset is missing '{field}'.") : value.Trim();

    // A word ending in 구, followed by a particle, a non-Hangul character or the end.
    [GeneratedRegex("([가-힣]{1,5}?구)(?=[은는이가에의도를을서로청]|[^가-힣]|$)")]
    private static partial Regex DistrictWord();

    private sealed record Fee(BulkFeeQuote Quote, string[] Terms, string[] Variants, SizeBand? Size, string DisplayTerm);

    private sealed partial record SizeBand(string Unit, double? Below, double? From)
    {
        public bool Matches(string normalized)
        {
            var pattern = Unit switch
            {
                "liter" => LiterPattern(),
                "inch" => InchPattern(),
                _ => null,
            };
            var match = pattern?.Match(normalized);
            if (match is null || !match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            return (Below is null || value < Below) && (From is null || value >= From);
        }

        [GeneratedRegex(@"(\d+(?:\.\d+)?)(?:l|리터|ℓ)")]
        private static partial Regex LiterPattern();

        [GeneratedRegex(@"(\d+(?:\.\d+)?)(?:인치|inch|in)")]
        private static partial Regex InchPattern();
    }
}
