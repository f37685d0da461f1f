using System.Text;
using Eco.Agents.Places;
using Eco.Agents.Text;

namespace Eco.Agents.CollectionPoints;

/// <summary>The answer to "where is the … bin?": where such bins usually are, plus nearby sites from the place data.</summary>
public sealed record CollectionPointAnswer
{
    /// <summary>The item type detected in the message, or null when none was recognised.</summary>
    public CollectionItemType? ItemType { get; init; }

    /// <summary>Where such bins usually are, from the household-waste rules; empty when no type was recognised.</summary>
    public required IReadOnlyList<string> WhereUsually { get; init; }

    /// <summary>Whether the place data could add nearby sites if the user shared a location (no location was given and the data has sites for the type).</summary>
    public bool NeedsLocation { get; init; }

    /// <summary>Nearby sites that collect the item, nearest first; empty without a location or when the data has none.</summary>
    public required IReadOnlyList<PlaceHit> Nearby { get; init; }

    /// <summary>The search radius used for <see cref="Nearby"/>, in km.</summary>
    public double SearchRadiusKm { get; init; }

    /// <summary>Whether <see cref="Nearby"/> holds only the single nearest site because none was inside the radius.</summary>
    public bool NearestIsOutsideRadius { get; init; }

    /// <summary>Whether the place data lists any sites for the item type.</summary>
    public bool PlaceDataCoversItem { get; init; }

    /// <summary>Labels of all known item types, for the "which item?" answer.</summary>
    public required IReadOnlyList<string> KnownTypes { get; init; }

    /// <summary>Renders where to take the item and any nearby sites in 이코's polite voice.</summary>
    public string ToKorean()
    {
        if (ItemType is null)
        {
            return "어떤 물건을 버릴 수거함을 찾으시는지 알려주세요. 이코는 " + string.Join(", ", KnownTypes) +
                   " 수거함 위치를 안내할 수 있어요.";
        }

        var builder = new StringBuilder(KoreanText.WithTopic(ItemType.Label)).Append(" 이렇게 버려요.");
        foreach (var line in WhereUsually)
        {
            builder.Append("\n- ").Append(line);
        }

        builder.Append('\n');
        if (!PlaceDataCoversItem)
        {
            builder.Append("아쉽지만 이코의 장소 자료에는 ").Append(ItemType.Label)
                .Append(" 수거함 위치가 없어서 가까운 곳을 콕 집어 드릴 수는 없어요. 주민센터나 구청 안내를 확인해 주세요.");
        }
        else if (NeedsLocation)
        {
            builder.Append("위치를 공유해 주시면 ").Append(KoreanText.WithObject(ItemType.Label)).Append(" 받는 가까운 곳을 이코 자료에서 찾아 드릴게요.");
        }
        else if (Nearby.Count == 0)
        {
            builder.Append("이코 자료에는 근처에 ").Append(KoreanText.WithObject(ItemType.Label)).Append(" 받는 곳이 없어요. 주민센터나 구청 안내를 확인해 주세요.");
        }
        else
        {
            builder.Append(NearestIsOutsideRadius
                ? $"반경 {PlacesAnswer.Km(SearchRadiusKm)} 안에는 없고, 이코 자료에서 가장 가까운 곳은 여기예요."
                : $"이코 자료에서 {KoreanText.WithObject(ItemType.Label)} 받는 가까운 곳이에요.");
            foreach (var hit in Nearby)
            {
                builder.Append('\n').Append(PlacesAnswer.Line(hit));
            }

            builder.Append("\n받는 품목과 운영 시간은 바뀔 수 있으니 방문 전에 확인해 주세요.");
        }

        return builder.ToString();
    }
}
