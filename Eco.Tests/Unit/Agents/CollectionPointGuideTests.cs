using Eco.Agents.CollectionPoints;
using Eco.Agents.Geo;
using Eco.Agents.Places;

namespace Eco.Tests.Unit.Agents;

/// <summary>Special-bin questions: item type detection, where such bins usually are, and nearby sites from the place data.</summary>
public sealed class CollectionPointGuideTests
{
    private static readonly CollectionPointGuide Guide = new();

    [Theory]
    [InlineData("헌옷 수거함 어디 있어?", "clothes")]
    [InlineData("폐건전지 어디에 버려?", "battery")]
    [InlineData("보조배터리 버리는 곳", "battery")]
    [InlineData("형광등 수거함", "lamp")]
    [InlineData("안 쓰는 휴대폰 수거함", "small-electronics")]
    [InlineData("먹다 남은 약 버리는 곳", "medicine")]
    [InlineData("우유팩 수거함 어디야", "paper-pack")]
    [InlineData("투명 페트병 무인회수기", "clear-pet")]
    public void Lookup_ItemWord_DetectsType(string message, string expected)
    {
        Assert.Equal(expected, Guide.Lookup(message, null).ItemType?.Id);
    }

    [Fact]
    public void Lookup_ClothesWithoutLocation_NeedsLocationAndSaysWhereBinsAre()
    {
        var answer = Guide.Lookup("헌옷 수거함 어디?", null);

        Assert.True(answer.NeedsLocation);
        Assert.True(answer.PlaceDataCoversItem);
        Assert.Empty(answer.Nearby);
        Assert.Contains(answer.WhereUsually, w => w.Contains("의류수거함"));
        Assert.Contains("위치를 공유해 주시면", answer.ToKorean());
    }

    [Fact]
    public void Lookup_BatteryAtASiteThatTakesBatteries_ListsThatSiteFirst()
    {
        var site = PlaceDirectory.LoadEmbedded().All.First(p => p.Location is not null && p.Collects.Contains("battery"));

        var answer = Guide.Lookup("건전지 수거함 어디야", site.Location);

        Assert.False(answer.NeedsLocation);
        Assert.Equal(site.Id, answer.Nearby[0].Place.Id);
        Assert.All(answer.Nearby, h => Assert.Contains("battery", h.Place.Collects));
        Assert.All(answer.Nearby, h => Assert.InRange(h.DistanceKm!.Value, 0, CollectionPointGuide.DefaultRadiusKm));
        Assert.Contains(site.Name, answer.ToKorean());
    }

    [Fact]
    public void Lookup_FarFromAnySite_GivesNoInventedPlace()
    {
        // Ulleungdo: no site of the data is anywhere near.
        var answer = Guide.Lookup("헌옷 수거함", new GeoPoint(37.4842, 130.9057));

        Assert.Empty(answer.Nearby);
        Assert.Contains("이코 자료에는 근처에", answer.ToKorean());
    }

    [Theory]
    [InlineData("폐의약품 어디에 버려?")]
    [InlineData("형광등 버리는 곳")]
    public void Lookup_TypeWithoutPlaceData_SaysSoAndDoesNotAskForLocation(string message)
    {
        var answer = Guide.Lookup(message, null);

        Assert.False(answer.PlaceDataCoversItem);
        Assert.False(answer.NeedsLocation);
        Assert.Contains("장소 자료에는", answer.ToKorean());
    }

    [Fact]
    public void Lookup_Medicine_NamesPharmacyAndPostRule()
    {
        var text = Guide.Lookup("감기약 남은 거 어디 버려", null).ToKorean();

        Assert.Contains("약국·보건소·주민센터", text);
        Assert.Contains("물약은 빼고요", text);
    }

    [Theory]
    [InlineData("수거함 어디야")]
    [InlineData("수거 예약 어떻게 해")]
    public void Lookup_NoItem_AsksWhichItem(string message)
    {
        var answer = Guide.Lookup(message, null);

        Assert.Null(answer.ItemType);
        Assert.False(answer.NeedsLocation);
        Assert.Contains("어떤 물건", answer.ToKorean());
    }
}
