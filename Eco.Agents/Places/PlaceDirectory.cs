using System.Collections.ObjectModel;
using System.Text;
using Eco.Agents.Common;
using Eco.Agents.Geo;
using Eco.Agents.Text;

namespace Eco.Agents.Places;

/// <summary>Recycling-compensation sites and zero-waste shops from the embedded places.json, searchable by distance or keyword.</summary>
public sealed class PlaceDirectory
{
    /// <summary>Default radius for <see cref="Lookup"/> in km.</summary>
    public const double DefaultRadiusKm = 5;

    private static readonly Lazy<PlaceDirectory> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // Words that name a kind of place; they set the kind filter instead of being searched for.
    private static readonly (string Word, PlaceKind Kind)[] KindWords =
    [
        ("제로웨이스트", PlaceKind.ZeroWasteShop), ("제웨샵", PlaceKind.ZeroWasteShop), ("리필스테이션", PlaceKind.ZeroWasteShop),
        ("리필샵", PlaceKind.ZeroWasteShop), ("리필숍", PlaceKind.ZeroWasteShop), ("리필", PlaceKind.ZeroWasteShop),
        ("무포장", PlaceKind.ZeroWasteShop), ("자원순환가게", PlaceKind.RecyclingCompensation), ("무인회수기", PlaceKind.RecyclingCompensation),
        ("회수기", PlaceKind.RecyclingCompensation), ("유가보상", PlaceKind.RecyclingCompensation), ("재활용품보상", PlaceKind.RecyclingCompensation),
    ];

    // Filler words of place questions; they are dropped from keyword searches.
    private static readonly string[] StopWords =
    [
        "가게", "샵", "숍", "상점", "매장", "스토어", "곳", "장소", "위치", "어디", "어디야", "어디에", "어딨어", "어디있어", "어디있나요",
        "알려줘", "알려주세요", "알려줄래", "찾아줘", "찾아주세요", "있어", "있나요", "있을까", "있는", "근처", "주변", "가까운", "부근", "우리",
        "동네", "목록", "보여줘", "추천", "추천해줘", "좀", "에코", "이코", "재활용", "재활용품", "재활용센터", "센터", "수거함", "분리수거",
        "제로", "웨이스트", "zero", "waste", "지도", "가볼만한", "가고", "싶어", "방문", "정보", "the",
    ];

    private static readonly string[] Particles =
    [
        "에서는", "에서", "에는", "으로", "에", "의", "은", "는", "이", "가", "을", "를", "쪽", "도", "로",
    ];

    private static readonly (string Long, string Short)[] ProvinceNames =
    [
        ("서울특별시", "서울"), ("서울시", "서울"), ("부산광역시", "부산"), ("부산시", "부산"), ("대구광역시", "대구"), ("대구시", "대구"),
        ("인천광역시", "인천"), ("인천시", "인천"), ("광주광역시", "광주"), ("대전광역시", "대전"), ("대전시", "대전"), ("울산광역시", "울산"),
        ("울산시", "울산"), ("세종특별자치시", "세종"), ("세종시", "세종"), ("경기도", "경기"), ("강원특별자치도", "강원"), ("강원도", "강원"),
        ("충청북도", "충북"), ("충청남도", "충남"), ("전북특별자치도", "전북"), ("전라북도", "전북"), ("전라남도", "전남"), ("경상북도", "경북"),
        ("경상남도", "경남"), ("제주특별자치도", "제주"), ("제주도", "제주"),
    ];

    private readonly Entry[] _entries;

    private PlaceDirectory(Entry[] entries)
    {
        _entries = entries;
        All = new ReadOnlyCollection<PlaceInfo>(entries.Select(e => e.Place).ToArray());
    }

    /// <summary>All places in dataset order.</summary>
    public IReadOnlyList<PlaceInfo> All { get; }

    /// <summary>Returns the directory embedded in this assembly, parsing it on first use only.</summary>
    public static PlaceDirectory LoadEmbedded() => Embedded.Value;

    /// <summary>Places within <paramref name="radiusKm"/> of a point, nearest first, with haversine distances in km.</summary>
    /// <remarks>Places without coordinates are skipped. An invalid point, a non-positive radius or limit gives an empty list.</remarks>
    public IReadOnlyList<PlaceHit> Near(double latitude, double longitude, double radiusKm, PlaceKind? kind, int limit) =>
        Near(latitude, longitude, radiusKm, kind, limit, collects: null);

    /// <summary>Like <see cref="Near(double, double, double, PlaceKind?, int)"/>, keeping only places whose <see cref="PlaceInfo.Collects"/> has the given code.</summary>
    public IReadOnlyList<PlaceHit> Near(double latitude, double longitude, double radiusKm, PlaceKind? kind, int limit, string? collects)
    {
        var center = new GeoPoint(latitude, longitude);
        if (!center.IsValid || !(radiusKm > 0) || limit <= 0)
        {
            return [];
        }

        return _entries
            .Where(e => e.Place.Location is not null && (kind is null || e.Place.Kind == kind))
            .Where(e => collects is null || e.Place.Collects.Contains(collects, StringComparer.Ordinal))
            .Select(e => new PlaceHit(e.Place, Math.Round(center.DistanceKmTo(e.Place.Location!.Value), 3)))
            .Where(h => h.DistanceKm <= radiusKm)
            .OrderBy(h => h.DistanceKm)
            .ThenBy(h => h.Place.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
    }

    /// <summary>Places whose name, region or address contain every keyword of the query (region or name), best name matches first.</summary>
    /// <remarks>Kind words in the query ("제로웨이스트", "무인회수기") filter by kind; filler words are ignored.</remarks>
    public IReadOnlyList<PlaceHit> Search(string query, int limit) => Search(query, limit, kind: null);

    /// <summary>Like <see cref="Search(string, int)"/>, limited to one kind of place when <paramref name="kind"/> is given.</summary>
    public IReadOnlyList<PlaceHit> Search(string query, int limit, PlaceKind? kind)
    {
        var (keywords, detected) = ParseQuery(query);
        kind ??= detected;
        if (keywords.Count == 0 || limit <= 0)
        {
            return [];
        }

        return _entries
            .Where(e => kind is null || e.Place.Kind == kind)
            .Where(e => keywords.All(k => e.Text.Contains(k, StringComparison.Ordinal)))
            .OrderByDescending(e => keywords.Count(k => e.Name.Contains(k, StringComparison.Ordinal)))
            .ThenBy(e => e.Place.Kind)
            .ThenBy(e => e.Order)
            .Take(limit)
            .Select(e => new PlaceHit(e.Place, null))
            .ToArray();
    }

    /// <summary>Answers a place question: nearest places when a location is known, otherwise a keyword search on the message.</summary>
    /// <param name="message">The user's message, such as "마포구 제로웨이스트 가게 알려줘".</param>
    /// <param name="location">The user's location, or null.</param>
    /// <param name="limit">Maximum number of places.</param>
    public PlacesAnswer Lookup(string message, GeoPoint? location, int limit = 5)
    {
        var (keywords, kind) = ParseQuery(message);

        // A region named in the message ("전주 자원순환가게") is more specific than the device location.
        if (keywords.Count > 0)
        {
            var hits = Search(message, limit, kind);
            if (hits.Count > 0 || location is null)
            {
                return new PlacesAnswer { Hits = hits, Kind = kind, Query = string.Join(" ", keywords) };
            }
        }

        if (location is { } point)
        {
            return new PlacesAnswer
            {
                Hits = Near(point.Latitude, point.Longitude, DefaultRadiusKm, kind, limit),
                Kind = kind,
                Center = point,
                RadiusKm = DefaultRadiusKm,
            };
        }

        return new PlacesAnswer { Hits = [], Kind = kind, NeedsLocation = true };
    }

    // Keywords that match no place at all are chatter ("있는지"), unless they look like a region name ("해운대구"),
    // which must stay so the answer can say honestly that the data has nothing there.
    private (IReadOnlyList<string> Keywords, PlaceKind? Kind) ParseQuery(string? query)
    {
        var (words, kind) = SplitQuery(query);
        var keywords = words
            .Where(w => RegionLike(w) || _entries.Any(e => e.Text.Contains(w, StringComparison.Ordinal)))
            .ToArray();
        return (keywords, kind);
    }

    private static bool RegionLike(string word) =>
        ProvinceNames.Any(p => p.Short == word) ||
        (word.Length >= 2 && word[^1] is '시' or '군' or '구' or '동' or '읍' or '면');

    private static (IReadOnlyList<string> Keywords, PlaceKind? Kind) SplitQuery(string? query)
    {
        PlaceKind? kind = null;
        var keywords = new List<string>();
        foreach (var raw in (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = KoreanText.Normalize(raw);
            foreach (var (kindWord, value) in KindWords)
            {
                if (word.Contains(kindWord, StringComparison.Ordinal))
                {
                    kind ??= value;
                    word = word.Replace(kindWord, string.Empty, StringComparison.Ordinal);
                }
            }

            word = ProvinceNames.FirstOrDefault(p => p.Long == word).Short ?? word;
            word = StripParticle(word);
            word = ProvinceNames.FirstOrDefault(p => p.Long == word).Short ?? word;
            if (word.Length >= 2 && !StopWords.Contains(word) && !keywords.Contains(word))
            {
                keywords.Add(word);
            }
        }

        return (keywords, kind);
    }

    private static string StripParticle(string word)
    {
        if (StopWords.Contains(word))
        {
            return word;
        }

        foreach (var particle in Particles)
        {
            if (word.Length - particle.Length >= 2 && word.EndsWith(particle, StringComparison.Ordinal))
            {
                return word[..^particle.Length];
            }
        }

        return word;
    }

    private static PlaceDirectory Load()
    {
        var file = EmbeddedData.Read("places.json", PlaceJsonContext.Default.PlaceFile);
        var dtos = file.Places ?? throw new InvalidDataException("Place dataset has no 'places'.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var entries = dtos.Select((dto, index) =>
        {
            var id = Required(dto.Id, "id");
            if (!ids.Add(id))
            {
                throw new InvalidDataException($"Place id '{id}' appears twice.");
            }

            var kind = dto.Kind switch
            {
                "recycling_compensation" => PlaceKind.RecyclingCompensation,
                "zero_waste_shop" => PlaceKind.ZeroWasteShop,
                _ => throw new InvalidDataException($"Place '{id}' has unknown kind '{dto.Kind}'."),
            };
            GeoPoint? location = dto.Lat is { } lat && dto.Lon is { } lon ? new GeoPoint(lat, lon) : null;
            if (location is { IsValid: false })
            {
                throw new InvalidDataException($"Place '{id}' has invalid coordinates.");
            }

            var place = new PlaceInfo
            {
                Id = id,
                Kind = kind,
                Name = Required(dto.Name, id + ".name"),
                Region = dto.Region?.Trim() ?? string.Empty,
                Address = dto.Address?.Trim() ?? string.Empty,
                Detail = Optional(dto.Detail),
                Location = location,
                Phone = Optional(dto.Phone),
                CollectedItems = Array.AsReadOnly(EmbeddedData.Clean(dto.Items)),
                Collects = Array.AsReadOnly(EmbeddedData.Clean(dto.Collects)),
                Note = Optional(dto.Note),
            };

            // Long province names in addresses are folded to the short ones users type ("전북특별자치도" → "전북").
            var text = new StringBuilder(place.Name).Append(' ').Append(place.Region).Append(' ').Append(place.Address).Append(' ')
                .Append(place.Detail).ToString();
            foreach (var (longName, shortName) in ProvinceNames)
            {
                text = text.Replace(longName, shortName, StringComparison.Ordinal);
            }

            return new Entry(place, KoreanText.Normalize(place.Name), KoreanText.Normalize(text), index);
        }).ToArray();

        return new PlaceDirectory(entries);
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"Place dataset is missing '{field}'.") : value.Trim();

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record Entry(PlaceInfo Place, string Name, string Text, int Order);
}
