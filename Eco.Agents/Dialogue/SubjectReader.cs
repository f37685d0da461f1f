using Eco.Agents.BulkWaste;
using Eco.Agents.Characters;
using Eco.Agents.Intents;
using Eco.Agents.Places;
using Eco.Agents.Prices;
using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Dialogue;

/// <summary>Reads what a message names itself — item, district, material, region, character, place — with the same lookups that answer it.</summary>
public sealed class SubjectReader(
    WasteRetriever retriever,
    KeywordIntentClassifier classifier,
    BulkWasteGuide bulkWaste,
    RecyclablePriceTable prices,
    CharacterCatalog characters,
    PlaceDirectory places)
{
    // Item-level matches score at least this much (WasteMatch); category words alone stay below.
    private const double ItemScore = 0.55;

    /// <summary>
    /// Words that name a part, a variant or a state of an item, never an item of their own: "라벨은?" asks about the label of the item
    /// being talked about.
    /// </summary>
    private static readonly string[] AspectWords =
    [
        "라벨", "상표", "뚜껑", "마개", "가시", "빨대", "손잡이", "펌프", "스프링", "테이프", "송장", "운송장", "스티커", "내용물", "음식물",
        "남은", "잔여물", "이물질", "기름", "양념", "깨진", "깨졌", "젖은", "젖었", "색깔", "색있는", "유색", "코팅", "은박", "헹궈", "헹구", "씻어",
        "씻은", "뜯어", "분리", "떼어", "떼고", "압축", "찌그러",
    ];

    /// <summary>A reader over the embedded datasets, sharing the retriever and classifier the node already has.</summary>
    public static SubjectReader ForEmbeddedData(WasteRetriever retriever, KeywordIntentClassifier classifier) =>
        new(retriever, classifier, BulkWasteGuide.LoadEmbedded(), RecyclablePriceTable.LoadEmbedded(), CharacterCatalog.LoadEmbedded(),
            PlaceDirectory.LoadEmbedded());

    /// <summary>The intent the keyword rules give a message (the offline model's classifier).</summary>
    public IntentClassification Classify(string message) => classifier.Classify(message);

    /// <summary>What <paramref name="message"/> names by itself; <see cref="DialogueSubject.Topic"/> is its intent unless it is small talk.</summary>
    public DialogueSubject Read(string message)
    {
        var intent = classifier.Classify(message).Primary;
        var bulk = bulkWaste.Lookup(message, district: null);
        var price = prices.Lookup(message, region: null);
        return new DialogueSubject(
            Topic: intent == Intent.General ? null : intent,
            Item: Item(message) ?? bulk.ItemMentioned,
            District: bulk.District?.Name ?? bulk.UncoveredDistrict,
            Material: price.Quotes.FirstOrDefault()?.Item,
            Region: price.UnlistedRegion ?? (price.Region.Id == RecyclablePriceTable.NationwideId && !NamesNationwide(message) ? null : price.Region.Name),
            Character: characters.Find(message)?.Name,
            Place: intent == Intent.Location ? places.Search(message, 1).FirstOrDefault()?.Place.Name : null);
    }

    /// <summary>True when the message mentions a part, variant or state of an item.</summary>
    public static bool MentionsAspect(string message) =>
        KoreanText.Words(message).Select(KoreanText.Normalize).Any(IsAspect); // at a word's start: "경남은" is not "남은"

    private static bool IsAspect(string word) => AspectWords.Any(a => word.StartsWith(a, StringComparison.Ordinal));

    // The most specific dataset term of the best item-level match, unless every term it matched is only an aspect ("라벨").
    private string? Item(string message)
    {
        var best = retriever.Search(message, 1).FirstOrDefault();
        if (best is null || best.Score < ItemScore)
        {
            return null;
        }
        return best.MatchedTerms.FirstOrDefault(t => !IsAspect(KoreanText.Normalize(t)));
    }

    private static bool NamesNationwide(string message) => KoreanText.Normalize(message).Contains("전국", StringComparison.Ordinal);
}
