using Eco.Agents.Weather;

namespace Eco.Tests.Unit.Agents;

/// <summary>Weather rules for disposal tips, and the honest answer when no weather service is configured.</summary>
public sealed class WeatherTipsTests
{
    private static readonly WeatherTips Tips = new();

    [Fact]
    public void Advise_Hot_SaysTakeFoodWasteOutQuickly()
    {
        var answer = Tips.Advise(new WeatherObservation(31, 50, Precipitation.None), null);

        var tip = Assert.Single(answer.Tips);
        Assert.Contains("음식물 쓰레기", tip);
        Assert.Contains("바로", tip);
        Assert.Contains("기온 31도", answer.ToKorean());
    }

    [Fact]
    public void Advise_Warm_SaysDoNotKeepFoodWasteLong()
    {
        var tip = Assert.Single(Tips.Advise(new WeatherObservation(26, 50, Precipitation.None), null).Tips);

        Assert.Contains("음식물 쓰레기", tip);
        Assert.Contains("오래 보관하지", tip);
    }

    [Theory]
    [InlineData(Precipitation.Rain, "비가 그친")]
    [InlineData(Precipitation.Snow, "눈이 그친")]
    public void Advise_RainOrSnow_KeepsPaperDryUntilItStops(Precipitation precipitation, string expected)
    {
        var tip = Assert.Single(Tips.Advise(new WeatherObservation(10, 60, precipitation), null).Tips);

        Assert.Contains("종이류", tip);
        Assert.Contains(expected, tip);
    }

    [Fact]
    public void Advise_Freezing_SaysEmptyLiquids()
    {
        var tip = Assert.Single(Tips.Advise(new WeatherObservation(-5, 40, Precipitation.None), null).Tips);

        Assert.Contains("얼 수 있어요", tip);
        Assert.Contains("비워서", tip);
    }

    [Fact]
    public void Advise_Humid_DryPaperFirst()
    {
        var tip = Assert.Single(Tips.Advise(new WeatherObservation(20, 90, Precipitation.None), null).Tips);

        Assert.Contains("종이류", tip);
        Assert.Contains("말린 뒤", tip);
    }

    [Fact]
    public void Advise_Stream_KeepsOnlyRelevantTips()
    {
        var hotRain = new WeatherObservation(32, 95, Precipitation.Rain);

        var food = Tips.Advise(hotRain, "음식물");
        var paper = Tips.Advise(hotRain, "recyclable.paper");

        Assert.All(food.Tips, t => Assert.Contains("음식물", t));
        Assert.DoesNotContain(paper.Tips, t => t.Contains("음식물"));
        Assert.Equal(2, paper.Tips.Count);
    }

    [Fact]
    public void Advise_MildWeather_SaysNothingSpecial()
    {
        var tip = Assert.Single(Tips.Advise(new WeatherObservation(18, 50, Precipitation.None), null).Tips);

        Assert.Contains("특별히 조심할 점이 없어요", tip);
    }

    [Fact]
    public void Advise_NoObservation_SaysWeatherIsUnknownAndGivesGeneralTips()
    {
        var answer = Tips.Advise(null, null);

        Assert.False(answer.IsCurrentWeather);
        Assert.StartsWith("날씨 서비스가 설정되지 않아 현재 날씨는 모르지만", answer.ToKorean());
        Assert.Equal(4, answer.Tips.Count);
        Assert.DoesNotContain("지금은 기온", answer.ToKorean());
    }
}
