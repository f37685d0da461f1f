using Eco.Agents.Geo;
using Eco.Agents.Places;

namespace Eco.Tests.Unit.Agents;

/// <summary>The place directory: haversine "near me" search, keyword search and the places answer.</summary>
public sealed class PlaceDirectoryTests
{
    // Coordinates as published for 고양동 종합복지회관 (KECO site 1) and the zero-waste shop 프릿지.
    private const double GoyangLat = 37.7025454;
    private const double GoyangLon = 126.901133;
    private const double FridgeLat = 37.53138753;
    private const double FridgeLon = 127.1325739;

    private static readonly PlaceDirectory Directory = PlaceDirectory.LoadEmbedded();

    [Fact]
    public void LoadEmbedded_All_HoldsBothSources()
    {
        Assert.Equal(409, Directory.All.Count(p => p.Kind == PlaceKind.RecyclingCompensation));
        Assert.Equal(351, Directory.All.Count(p => p.Kind == PlaceKind.ZeroWasteShop));
        Assert.All(Directory.All.Where(p => p.Location is not null), p => Assert.True(p.Location!.Value.IsValid));
    }

    [Fact]
    public void Near_RealSiteCoordinate_ReturnsThatSiteFirst()
    {
        var hits = Directory.Near(GoyangLat, GoyangLon, 5, null, 5);

        Assert.NotEmpty(hits);
        Assert.Equal("고양동 종합복지회관", hits[0].Place.Name);
        Assert.True(hits[0].DistanceKm < 0.1);
    }

    [Fact]
    public void Near_Results_AreWithinRadiusAndNearestFirst()
    {
        var hits = Directory.Near(37.5563, 126.9236, 3, null, 10);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.InRange(h.DistanceKm!.Value, 0, 3));
        Assert.Equal(hits.OrderBy(h => h.DistanceKm).Select(h => h.Place.Id), hits.Select(h => h.Place.Id));
    }

    [Fact]
    public void Near_KindFilter_ReturnsOnlyThatKind()
    {
        var hits = Directory.Near(FridgeLat, FridgeLon, 10, PlaceKind.ZeroWasteShop, 5);

        Assert.Equal("프릿지", hits[0].Place.Name);
        Assert.All(hits, h => Assert.Equal(PlaceKind.ZeroWasteShop, h.Place.Kind));
    }

    [Fact]
    public void Near_DistanceMatchesHaversine()
    {
        var hit = Directory.Near(GoyangLat + 0.01, GoyangLon, 5, PlaceKind.RecyclingCompensation, 1).Single();

        // 0.01° of latitude is about 1.11 km everywhere.
        Assert.Equal("고양동 종합복지회관", hit.Place.Name);
        Assert.InRange(hit.DistanceKm!.Value, 1.09, 1.13);
    }

    [Theory]
    [InlineData(double.NaN, 127.0, 5.0, 5)]
    [InlineData(95.0, 127.0, 5.0, 5)]
    [InlineData(37.5, 127.0, 0.0, 5)]
    [InlineData(37.5, 127.0, 5.0, 0)]
    public void Near_InvalidInput_ReturnsEmpty(double lat, double lon, double radius, int limit)
    {
        Assert.Empty(Directory.Near(lat, lon, radius, null, limit));
    }

    [Fact]
    public void Search_RegionKeyword_ReturnsPlacesOfThatRegion()
    {
        var hits = Directory.Search("전주", 20);

        Assert.Equal(20, hits.Count);
        Assert.All(hits, h => Assert.Contains("전주", h.Place.Region + h.Place.Address + h.Place.Name));
        Assert.All(hits, h => Assert.Null(h.DistanceKm));
    }

    [Fact]
    public void Search_KindWordAndDistrict_FiltersBoth()
    {
        var hits = Directory.Search("마포구 제로웨이스트 가게", 50);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(PlaceKind.ZeroWasteShop, h.Place.Kind));
        Assert.All(hits, h => Assert.Equal("서울 마포구", h.Place.Region));
    }

    [Fact]
    public void Search_ShopName_FindsShop()
    {
        var hit = Assert.Single(Directory.Search("프릿지", 5));

        Assert.Equal(PlaceKind.ZeroWasteShop, hit.Place.Kind);
        Assert.Contains("강동구", hit.Place.Address);
    }

    [Fact]
    public void Lookup_NoLocationAndNoRegion_NeedsLocation()
    {
        var answer = Directory.Lookup("근처 제로웨이스트 가게 있는지 알려줘", null);

        Assert.True(answer.NeedsLocation);
        Assert.Empty(answer.Hits);
        Assert.Equal(PlaceKind.ZeroWasteShop, answer.Kind);
        Assert.Contains("위치를 공유해 주시거나", answer.ToKorean());
    }

    [Fact]
    public void Lookup_WithLocation_ListsNearestWithDistance()
    {
        var answer = Directory.Lookup("근처 리필샵 알려줘", new GeoPoint(FridgeLat, FridgeLon), 3);

        Assert.False(answer.NeedsLocation);
        Assert.Equal("프릿지", answer.Hits[0].Place.Name);
        var text = answer.ToKorean();
        Assert.Contains("프릿지 (0m)", text);
        Assert.Contains("방문 전에 확인해 주세요", text);
    }

    [Fact]
    public void Lookup_RegionWithoutPlaces_SaysNothingFound()
    {
        var answer = Directory.Lookup("울릉군 무인회수기", null);

        Assert.Empty(answer.Hits);
        Assert.False(answer.NeedsLocation);
        Assert.Contains("찾지 못했어요", answer.ToKorean());
    }
}
