using System.Globalization;
using System.Text;
using Eco.Agents.Geo;
using Eco.Agents.Text;

namespace Eco.Agents.Places;

/// <summary>The answer to a "where is a … near me / in …" question, built only from the place directory.</summary>
public sealed record PlacesAnswer
{
    /// <summary>Places found, nearest (or best keyword match) first.</summary>
    public required IReadOnlyList<PlaceHit> Hits { get; init; }

    /// <summary>The kind of place asked for, or null for any kind.</summary>
    public PlaceKind? Kind { get; init; }

    /// <summary>The search centre, or null for a keyword search.</summary>
    public GeoPoint? Center { get; init; }

    /// <summary>The search radius in km for a centre search, or null.</summary>
    public double? RadiusKm { get; init; }

    /// <summary>The keywords searched for (region or name), or null for a centre search.</summary>
    public string? Query { get; init; }

    /// <summary>Whether the question could not be answered without the user's location or a region name.</summary>
    public bool NeedsLocation { get; init; }

    /// <summary>Renders the places in 이코's polite voice; says so honestly when none are in the data.</summary>
    public string ToKorean()
    {
        var what = KindName(Kind);
        var whatObject = KoreanText.WithObject(what);
        if (NeedsLocation)
        {
            return $"{whatObject} 찾아 드릴게요! 위치를 공유해 주시거나 동네 이름(예: '마포구 {what}')을 알려주세요.";
        }

        if (Hits.Count == 0)
        {
            return Center is not null
                ? $"반경 {Km(RadiusKm ?? 0)} 안에서는 이코 자료에 있는 {whatObject} 찾지 못했어요. 자료에 없는 곳이 있을 수 있으니 지자체 안내도 확인해 주세요."
                : $"{KoreanText.WithDirection($"'{Query}'")}는 이코 자료에서 {whatObject} 찾지 못했어요. 다른 동네 이름이나 가게 이름으로 물어봐 주세요.";
        }

        var builder = new StringBuilder(Center is not null
            ? $"가까운 {what} {Hits.Count}곳을 찾았어요."
            : $"{KoreanText.WithDirection($"'{Query}'")} 찾은 {what} {Hits.Count}곳이에요.");
        foreach (var hit in Hits)
        {
            builder.Append('\n').Append(Line(hit));
        }

        builder.Append("\n운영 시간과 받는 품목은 바뀔 수 있으니 방문 전에 확인해 주세요.");
        return builder.ToString();
    }

    /// <summary>Formats one place as a list line: name, distance, address, collected items and phone.</summary>
    internal static string Line(PlaceHit hit)
    {
        var place = hit.Place;
        var builder = new StringBuilder("- ").Append(place.Name);
        var extras = new List<string>();
        if (hit.DistanceKm is { } distance)
        {
            extras.Add(Km(distance));
        }

        if (place.Note is not null && place.Kind == PlaceKind.RecyclingCompensation)
        {
            extras.Add(place.Note);
        }

        if (extras.Count > 0)
        {
            builder.Append(" (").Append(string.Join(", ", extras)).Append(')');
        }

        builder.Append(": ").Append(place.Address);
        if (place.Detail is not null)
        {
            builder.Append(" · ").Append(place.Detail);
        }

        if (place.CollectedItems.Count > 0)
        {
            builder.Append(" · 받는 품목: ").Append(string.Join(", ", place.CollectedItems.Take(6)));
            if (place.CollectedItems.Count > 6)
            {
                builder.Append(" 등");
            }
        }

        if (place.Phone is not null)
        {
            builder.Append(" · ☎ ").Append(place.Phone);
        }

        return builder.ToString();
    }

    /// <summary>Formats a distance in km with one decimal, or in metres under 1 km.</summary>
    internal static string Km(double km) => km < 1
        ? ((int)Math.Round(km * 1000)).ToString(CultureInfo.InvariantCulture) + "m"
        : km.ToString("0.#", CultureInfo.InvariantCulture) + "km";

    private static string KindName(PlaceKind? kind) => kind switch
    {
        PlaceKind.RecyclingCompensation => "자원순환가게·무인회수기",
        PlaceKind.ZeroWasteShop => "제로웨이스트 가게",
        _ => "자원순환가게·제로웨이스트 가게",
    };
}
