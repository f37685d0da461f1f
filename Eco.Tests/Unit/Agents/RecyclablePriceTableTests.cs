using Eco.Agents.Prices;

namespace Eco.Tests.Unit.Agents;

/// <summary>Recyclable prices per kg by survey region, straight from the embedded survey.</summary>
public sealed class RecyclablePriceTableTests
{
    private static readonly RecyclablePriceTable Table = RecyclablePriceTable.LoadEmbedded();

    [Fact]
    public void Lookup_NewspaperInCapital_EqualsSurveyPrice()
    {
        var answer = Table.Lookup("수도권 신문지 kg당 얼마야?", null);

        var quote = Assert.Single(answer.Quotes);
        Assert.Equal("capital", answer.Region.Id);
        Assert.Equal("신문지", quote.Item);
        Assert.Equal(130, quote.PricePerKg);
        Assert.Equal(120, quote.NationwidePricePerKg);
        Assert.Equal("2025-01", answer.SurveyMonth);
    }

    [Theory]
    [InlineData("서울 페트병 값", "capital", 400)]
    [InlineData("인천에서 PET 시세", "capital", 400)]
    [InlineData("청주 고철 얼마", "chungbuk", 260)]
    [InlineData("경남 알루미늄캔 가격", "gyeongnam", 1200)]
    [InlineData("골판지 시세", "nationwide", 80)]
    public void Lookup_RegionWordInMessage_PicksSurveyRegion(string message, string region, int price)
    {
        var answer = Table.Lookup(message, null);

        Assert.Equal(region, answer.Region.Id);
        Assert.Equal(price, Assert.Single(answer.Quotes).PricePerKg);
    }

    [Fact]
    public void Lookup_GroupWord_QuotesEveryItemOfTheGroup()
    {
        var answer = Table.Lookup("캔 시세 알려줘", null);

        Assert.Equal(["철캔", "알루미늄캔"], answer.Quotes.Select(q => q.Item));
        Assert.Equal([180, 1200], answer.Quotes.Select(q => q.PricePerKg));
    }

    [Theory]
    [InlineData("충북", "chungbuk", 110)]
    [InlineData("gangwon", "gangwon", 100)]
    [InlineData("서울 마포구", "capital", 130)]
    public void Lookup_RegionParameter_UsedWhenMessageNamesNone(string region, string expectedId, int price)
    {
        var answer = Table.Lookup("신문지 얼마에 팔 수 있어?", region);

        Assert.Equal(expectedId, answer.Region.Id);
        Assert.Equal(price, Assert.Single(answer.Quotes).PricePerKg);
    }

    [Fact]
    public void Lookup_CityWithoutSurveyRegion_FallsBackToNationwideAndSaysSo()
    {
        var answer = Table.Lookup("부산 고철 가격", null);

        Assert.Equal("nationwide", answer.Region.Id);
        Assert.Equal("부산", answer.UnlistedRegion);
        Assert.Equal(280, Assert.Single(answer.Quotes).PricePerKg);
        Assert.Contains("부산은 조사 권역에 따로 나와 있지 않아서", answer.ToKorean());
    }

    [Theory]
    [InlineData("헌옷 가격 얼마야")]
    [InlineData("지하철 요금 얼마야")]
    [InlineData("구리 시세")]
    public void Lookup_ItemNotInSurvey_SaysSoWithoutInventingPrice(string message)
    {
        var answer = Table.Lookup(message, null);

        Assert.False(answer.Found);
        var text = answer.ToKorean();
        Assert.Contains("알려드릴 수 없어요", text);
        Assert.DoesNotContain("kg당", text);
    }

    [Fact]
    public void ToKorean_Found_NamesSourceMonthAndCaveat()
    {
        var text = Table.Lookup("수도권 신문지 가격", null).ToKorean();

        Assert.Contains("한국환경공단", text);
        Assert.Contains("2025년 1월", text);
        Assert.Contains("신문지: kg당 130원 (전국 평균 120원)", text);
        Assert.Contains("업체마다 다를 수 있어요", text);
    }

    [Fact]
    public void Lookup_TwoSingleMaterialsCompared_GivesBothPricesAndSaysWhichIsHigher()
    {
        var answer = Table.Lookup("신문지랑 골판지 중에 뭐가 더 비싸?", null);

        Assert.Equal("신문지", answer.Comparison!.Higher!.Label);
        var text = answer.ToKorean();
        Assert.Contains("신문지: kg당 120원", text);
        Assert.Contains("골판지: kg당 80원", text);
        Assert.Contains("신문지가 골판지보다 kg당 40원 더 비싸요.", text);
    }

    [Fact]
    public void Lookup_PetAgainstCans_GivesEveryPriceAndSaysWhichCanIsHigher()
    {
        var answer = Table.Lookup("페트랑 캔 중 뭐가 더 비싸?", null);

        Assert.Equal([("PET", 350), ("철캔", 180), ("알루미늄캔", 1200)], answer.Quotes.Select(q => (q.Item, q.PricePerKg)));
        Assert.Equal(["PET", "캔"], answer.Comparison!.Sides.Select(s => s.Label));
        Assert.Null(answer.Comparison.Higher);
        Assert.Contains("캔 중 알루미늄캔(1,200원)은 PET(350원)보다 비싸고, 철캔(180원)은 PET보다 싸요.", answer.ToKorean());
    }

    [Theory]
    [InlineData("알루미늄캔이랑 페트병 뭐가 더 비싸", "알루미늄캔이 PET보다 kg당 850원 더 비싸요.")]
    [InlineData("캔 중에 뭐가 더 비싸?", "알루미늄캔이 철캔보다 kg당 1,020원 더 비싸요.")]
    [InlineData("골판지 vs 유리 어느 쪽이 비싸", "골판지가 유리보다 kg당 더 비싸요.")]
    public void Lookup_Comparison_NamesTheHigherMaterial(string message, string verdict)
    {
        Assert.Contains(verdict, Table.Lookup(message, null).ToKorean());
    }

    [Fact]
    public void Lookup_NoComparisonAsked_HasNoComparison()
    {
        var answer = Table.Lookup("페트랑 캔 시세 알려줘", null);

        Assert.Equal(3, answer.Quotes.Count);
        Assert.Null(answer.Comparison);
        Assert.DoesNotContain("비싸", answer.ToKorean());
    }
}
