using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Intents;

/// <summary>Rule-based Korean intent classifier that works offline; it can report several intents for one message.</summary>
/// <remarks>
/// Rules run on <see cref="KoreanText.Normalize"/> output. Words that name another intent
/// ("재활용센터", "수거함") are blanked out before the disposal verbs are searched, so
/// "근처 재활용센터" does not also read as a recycling question.
/// </remarks>
public sealed class KeywordIntentClassifier
{
    // A waste match at or above this score came from an item word, not just a category word.
    private const double KnownItemScore = 0.55;

    private const string BulkyGuideId = "bulky-waste";

    private static readonly string[] WasteVerbs =
    [
        "버려", "버리", "버릴", "버린", "분리수거", "분리배출", "분리해", "분리하", "배출", "재활용", "쓰레기", "폐기",
        "처리", "처분", "내놓", "내놔", "헹궈", "헹구", "씻어야", "라벨",
    ];

    private static readonly string[] CollectionPointWords =
    [
        "수거함", "수거통", "분리수거장", "수거장소", "수거하는곳", "배출장소", "무인회수기", "회수기", "반환수집소", "버리는곳",
    ];

    private static readonly string[] LocationStrongWords =
    [
        "재활용센터", "재활용가게", "재활용매장", "제로웨이스트", "리필스테이션", "리필샵", "리필숍", "중고센터", "되살림",
        "아름다운가게", "고물상",
    ];

    private static readonly string[] LocationWeakWords = ["근처", "주변", "가까운", "위치", "지도"];

    private static readonly string[] BulkWords =
    [
        "대형폐기물", "대형쓰레기", "폐기물스티커", "배출스티커", "대형스티커", "필증", "배출신고", "폐기물신고",
    ];

    private static readonly string[] FeeWords = ["얼마", "수수료", "비용", "가격", "요금"];

    // Fee questions about these go to bulk-waste handling (the fee tables list them) even though the disposal guide is e-waste.
    private static readonly string[] FeeTableAppliances = ["냉장고", "김치냉장고", "세탁기", "에어컨", "tv", "티비", "텔레비전"];

    private static readonly string[] PriceStrongWords =
    [
        "kg당", "키로당", "킬로당", "킬로그램당", "1kg", "일키로", "시세", "매입가", "매입단가", "단가", "얼마에팔", "팔면얼마",
        "얼마받", "얼마쳐",
    ];

    private static readonly string[] PriceWeakWords =
    [
        "얼마", "가격", "값", "팔면", "팔아", "팔수", "돈되", "돈이되", "돈받", "비싸", "더싸", "싼가", "싼지", "싼게", "싼거",
    ];

    // "버리는 법이랑 수수료": the message asks how as well as how much, so the disposal guide answers beside the fee table.
    private static readonly string[] DisposalHowWords =
    [
        "버리는법", "버리는방법", "어떻게버", "버리는순서", "배출방법", "배출하는법", "처리방법", "처리하는법", "어떻게처리", "분리수거방법",
        "분리배출방법",
    ];

    private static readonly string[] PriceMaterials =
    [
        "신문지", "신문", "골판지", "박스", "상자", "폐지", "종이", "페트", "pet", "pp", "pe", "ps", "abs", "pvc", "eps", "스티로폼",
        "비닐", "플라스틱", "유리", "고철", "철", "캔", "알루미늄", "타이어", "고무분말", "구리", "전선",
    ];

    private static readonly string[] WeatherWords =
    [
        "날씨", "기온", "미세먼지", "황사", "일기예보", "예보", "강수", "습도", "장마", "태풍", "비와", "비가와", "비오", "비가오",
        "비올", "눈와", "눈이와", "눈오", "눈이오", "눈올", "우산챙",
    ];

    private static readonly string[] ImageWords = ["그려", "그림", "이미지만들", "이미지생성", "이미지로만들", "일러스트", "스케치", "사진만들"];

    private static readonly string[] SearchStrongWords = ["검색", "찾아봐", "구글", "네이버", "뉴스", "기사", "최근소식"];

    private static readonly string[] SearchWeakWords = ["최신", "정책", "개정", "법안", "시행", "언제부터"];

    private static readonly string[] GreetingWords = ["안녕", "하이", "hello", "반가", "고마워", "고맙", "감사"];

    // Intents whose presence makes a bare item mention context rather than a disposal question.
    private static readonly Intent[] ItemSuppressors =
    [
        Intent.RecyclablePrice, Intent.ImageGeneration, Intent.WebSearch, Intent.Weather, Intent.Character, Intent.Location,
    ];

    private readonly WasteRetriever _retriever;
    private readonly CharacterDirectory _characters;

    /// <summary>Creates a classifier that knows the items of the embedded waste catalog.</summary>
    public KeywordIntentClassifier()
        : this(new WasteRetriever())
    {
    }

    /// <summary>Creates a classifier that treats any item of <paramref name="catalog"/> as a waste question.</summary>
    public KeywordIntentClassifier(WasteCatalog catalog)
        : this(new WasteRetriever(catalog))
    {
    }

    /// <summary>Creates a classifier that shares an existing retriever, so the term index is built only once.</summary>
    public KeywordIntentClassifier(WasteRetriever retriever)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
        _characters = CharacterDirectory.LoadEmbedded();
    }

    /// <summary>Classifies a message into a primary intent and any additional intents.</summary>
    public IntentClassification Classify(string message)
    {
        var text = KoreanText.Normalize(message);
        if (text.Length == 0)
        {
            return new IntentClassification(Intent.General, 0.5, []);
        }

        var found = new Dictionary<Intent, (double Confidence, int Position)>();
        void Add(Intent intent, double confidence, int position)
        {
            if (!found.TryGetValue(intent, out var old) || old.Confidence < confidence)
            {
                found[intent] = (confidence, position);
            }
        }

        // "rest" loses the words claimed by specific intents before disposal verbs are looked for.
        var rest = text;

        var collection = FirstIndex(text, CollectionPointWords);
        if (collection >= 0)
        {
            Add(Intent.CollectionPoint, 0.85, collection);
            rest = Blank(rest, CollectionPointWords.Where(w => w != "버리는곳"));
        }

        var location = FirstIndex(text, LocationStrongWords);
        if (location >= 0)
        {
            Add(Intent.Location, 0.85, location);
            rest = Blank(rest, LocationStrongWords);
        }

        var weather = FirstIndex(text, WeatherWords);
        if (weather >= 0)
        {
            Add(Intent.Weather, 0.9, weather);
        }

        var image = FirstIndex(text, ImageWords);
        if (image >= 0)
        {
            Add(Intent.ImageGeneration, 0.92, image);
        }

        var searchStrong = FirstIndex(text, SearchStrongWords);
        var searchWeak = FirstIndex(text, SearchWeakWords);
        if (searchStrong >= 0)
        {
            Add(Intent.WebSearch, 0.92, Math.Min(searchStrong, searchWeak < 0 ? int.MaxValue : searchWeak));
        }
        else if (searchWeak >= 0)
        {
            Add(Intent.WebSearch, 0.8, searchWeak);
        }

        var character = FindCharacter(message, text, HasAny(text, GreetingWords));
        if (character >= 0)
        {
            Add(Intent.Character, 0.85, character);
        }

        var matches = _retriever.Search(message, 3);
        var itemMatches = matches.Where(m => m.Score >= KnownItemScore).ToArray();
        var bulkyItem = itemMatches.Length > 0 && itemMatches[0].GuideId == BulkyGuideId;
        var otherItem = itemMatches.FirstOrDefault(m => m.GuideId != BulkyGuideId);
        var verb = FirstIndex(rest, WasteVerbs);
        var fee = FirstIndex(text, FeeWords);

        // Bulk waste: its own words, a bulky item, or a fee question about an appliance from the fee tables.
        var bulkWord = FirstIndex(text, BulkWords);
        var feeAppliance = fee >= 0 ? FirstIndex(text, FeeTableAppliances) : -1;
        if (bulkWord >= 0 || feeAppliance >= 0 || bulkyItem)
        {
            // Asking a fee is the bulk-waste service's job, so it outranks the plain disposal guide.
            var confidence = fee >= 0 ? 0.92 : bulkWord >= 0 || verb >= 0 ? 0.9 : 0.8;
            Add(Intent.BulkWaste, confidence, Min(bulkWord, feeAppliance, ItemPosition(text, bulkyItem ? itemMatches[0] : null)));

            var how = FirstIndex(rest, DisposalHowWords);
            if (fee >= 0 && how >= 0)
            {
                Add(Intent.Waste, 0.85, how);
            }
        }

        var priceStrong = FirstIndex(text, PriceStrongWords);
        var priceWeak = FirstIndex(text, PriceWeakWords);
        if (priceStrong >= 0)
        {
            Add(Intent.RecyclablePrice, 0.9, priceStrong);
        }
        else if (priceWeak >= 0 && !found.ContainsKey(Intent.BulkWaste) && HasAny(text, PriceMaterials))
        {
            Add(Intent.RecyclablePrice, 0.8, priceWeak);
        }

        var itemOnly = false;
        if (otherItem is not null)
        {
            itemOnly = verb < 0;
            Add(Intent.Waste, verb >= 0 ? 0.9 : 0.75, Min(verb, ItemPosition(text, otherItem)));
        }
        else if (verb >= 0 && !found.ContainsKey(Intent.BulkWaste))
        {
            Add(Intent.Waste, matches.Count > 0 ? 0.8 : 0.7, verb);
        }
        else if (matches.Count > 0 && !bulkyItem && found.Count == 0)
        {
            // Only a category word such as "플라스틱?" — still most likely a disposal question.
            itemOnly = true;
            Add(Intent.Waste, 0.6, ItemPosition(text, matches[0]));
        }

        if (itemOnly && ItemSuppressors.Any(found.ContainsKey))
        {
            found.Remove(Intent.Waste);
        }

        // Vague place words only mean Location when nothing more specific was asked.
        var near = FirstIndex(text, LocationWeakWords);
        if (near >= 0 && found.Count == 0)
        {
            Add(Intent.Location, 0.6, near);
        }

        if (found.Count == 0)
        {
            var greeting = FirstIndex(text, GreetingWords);
            return new IntentClassification(Intent.General, greeting >= 0 ? 0.8 : 0.5, []);
        }

        var ordered = found
            .OrderByDescending(f => f.Value.Confidence)
            .ThenBy(f => f.Value.Position)
            .ThenBy(f => f.Key)
            .ToArray();
        return new IntentClassification(
            ordered[0].Key,
            ordered[0].Value.Confidence,
            ordered.Skip(1).Select(f => f.Key).ToArray());
    }

    // Character names are checked at word starts, because "폼이" also ends "스티로폼이" and "이코" hides in longer words.
    private int FindCharacter(string message, string text, bool greeting)
    {
        var cue = FirstIndex(text, _characters.CueWords);
        var position = -1;

        // Normalising each word separately keeps offsets aligned with the whole normalised text.
        var offset = 0;
        foreach (var raw in KoreanText.Words(message))
        {
            var word = KoreanText.Normalize(raw);
            // "고마워 이코" addresses the mascot; it is small talk, not a question about the character.
            var named = _characters.Names.FirstOrDefault(n => word.StartsWith(n, StringComparison.Ordinal));
            var strong = named is not null && !(greeting && cue < 0 && _characters.AddressNames.Contains(named));
            var weak = cue >= 0 && _characters.ContextNames.Any(n => word.StartsWith(n, StringComparison.Ordinal));
            if (word.Length > 0 && (strong || weak))
            {
                position = offset;
                break;
            }

            offset += word.Length;
        }

        // "캐릭터" by itself is enough ("캐릭터 보여줘").
        return Min(position, text.IndexOf("캐릭터", StringComparison.Ordinal));
    }

    private static int ItemPosition(string text, WasteMatch? match)
    {
        if (match is null)
        {
            return -1;
        }

        return Min(match.MatchedTerms.Select(t => text.IndexOf(KoreanText.Normalize(t), StringComparison.Ordinal)).ToArray());
    }

    private static int FirstIndex(string text, IEnumerable<string> words)
    {
        var best = -1;
        foreach (var word in words)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    private static bool HasAny(string text, IEnumerable<string> words) => FirstIndex(text, words) >= 0;

    private static string Blank(string text, IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            text = text.Replace(word, new string('|', word.Length), StringComparison.Ordinal);
        }

        return text;
    }

    // Smallest non-negative position, or -1 when none is known.
    private static int Min(params int[] positions)
    {
        var known = positions.Where(p => p >= 0).ToArray();
        return known.Length == 0 ? -1 : known.Min();
    }
}
