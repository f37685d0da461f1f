using Eco.Agents.BulkWaste;

namespace Eco.Tests.Unit.Agents;

/// <summary>Bulky-waste fees from the example fee table, district application info and the generic steps.</summary>
public sealed class BulkWasteGuideTests
{
    private static readonly BulkWasteGuide Guide = BulkWasteGuide.LoadEmbedded();

    [Fact]
    public void Lookup_Sofa_ReturnsExampleFeesFromTheTable()
    {
        var answer = Guide.Lookup("소파 버리는 비용 얼마야?", null);

        Assert.Equal("소파", answer.ItemMentioned);
        Assert.Equal(["소파(1인용)", "소파(2인용)", "소파(3인용 이상)"], answer.Fees.Select(f => f.Item));
        Assert.Equal([6000, 10000, 15000], answer.Fees.Select(f => f.FeeKrw));
        Assert.Equal("강남구", answer.FeeBasisDistrict);
    }

    [Fact]
    public void ToKorean_Fees_SaysItIsOneDistrictsExampleAndFeesDiffer()
    {
        var text = Guide.Lookup("소파 버리는 비용", null).ToKorean();

        Assert.Contains("강남구 기준", text);
        Assert.Contains("예시", text);
        Assert.Contains("구마다 다르니", text);
        Assert.Contains("10,000원", text);
    }

    [Theory]
    [InlineData("2인용 소파 버려요", "소파(2인용)", 10000)]
    [InlineData("300리터 냉장고 수수료", "냉장고(200L 이상)", 12000)]
    [InlineData("150L 냉장고 버리는 비용", "냉장고(200L 미만)", 8000)]
    [InlineData("55인치 티비 대형폐기물", "TV(40인치 이상)", 8000)]
    [InlineData("더블 침대 버리기", "침대(더블)", 15000)]
    public void Lookup_SizeOrVariant_NarrowsToOneRow(string message, string item, int fee)
    {
        var row = Assert.Single(Guide.Lookup(message, null).Fees);

        Assert.Equal(item, row.Item);
        Assert.Equal(fee, row.FeeKrw);
    }

    [Fact]
    public void Lookup_SuperSingleBed_DoesNotPretendItIsSingle()
    {
        Assert.Equal(2, Guide.Lookup("슈퍼싱글 침대 버리는 비용", null).Fees.Count);
    }

    [Fact]
    public void Lookup_Appliance_AddsFreePickupNote()
    {
        Assert.NotNull(Guide.Lookup("세탁기 대형폐기물 비용", null).ApplianceNote);
        Assert.Null(Guide.Lookup("의자 대형폐기물 비용", null).ApplianceNote);
    }

    [Fact]
    public void Lookup_CoveredDistrictInMessage_GivesApplicationInfo()
    {
        var answer = Guide.Lookup("마포구에서 소파 버리려면?", null);

        Assert.NotNull(answer.District);
        Assert.Equal("마포구", answer.District.Name);
        Assert.Equal("02-3153-8600", answer.District.Phone);
        Assert.Contains("mapo.go.kr", answer.ToKorean());
    }

    [Fact]
    public void Lookup_DistrictParameter_UsedWhenMessageNamesNone()
    {
        var answer = Guide.Lookup("침대 버리고 싶어", "성동구");

        Assert.Equal("성동구", answer.District?.Name);
    }

    [Theory]
    [InlineData("송파구 침대 버리는 방법", "송파구")]
    [InlineData("해운대구에서 소파 버리려면", "해운대구")]
    public void Lookup_DistrictNotInData_SaysSoHonestly(string message, string district)
    {
        var answer = Guide.Lookup(message, null);

        Assert.Null(answer.District);
        Assert.Equal(district, answer.UncoveredDistrict);
        Assert.Contains(district + "의 신청 방법은 이코 자료에 없어요", answer.ToKorean());
    }

    [Fact]
    public void Lookup_FurnitureWord_IsNotTakenForDistrict()
    {
        var answer = Guide.Lookup("가구 버리는 법", null);

        Assert.Null(answer.UncoveredDistrict);
        Assert.Null(answer.District);
    }

    [Fact]
    public void Lookup_BulkyItemNotInFeeTable_NamesItAndGivesNoFee()
    {
        var answer = Guide.Lookup("서랍장 버리는 비용", null);

        Assert.Empty(answer.Fees);
        Assert.Equal("서랍장", answer.ItemMentioned);
        Assert.Contains("예시 수수료표에 없어서 금액은 알려드릴 수 없어요", answer.ToKorean());
    }

    [Fact]
    public void Steps_ReportStickerPutOut_InOrder()
    {
        var steps = Guide.Lookup("대형폐기물 버리는 법", null).Steps;

        Assert.Equal(3, steps.Count);
        Assert.Contains("신고", steps[0]);
        Assert.Contains("필증", steps[1]);
        Assert.Contains("내놓아요", steps[2]);
    }

    [Fact]
    public void ToKorean_UsableFurniture_OffersReuseBeforeTheSteps()
    {
        var answer = Guide.Lookup("책상 버리는 비용 얼마야", null);

        Assert.NotNull(answer.ReuseNote);
        var text = answer.ToKorean();
        var reuse = text.IndexOf("재활용센터", StringComparison.Ordinal);
        Assert.InRange(reuse, 0, text.IndexOf("버리는 순서", StringComparison.Ordinal));
        Assert.Contains("나눔", text);
    }

    [Fact]
    public void Lookup_BrokenFurniture_HasNoReuseNote()
    {
        var answer = Guide.Lookup("다리 부러진 의자 수수료", null);

        Assert.Null(answer.ReuseNote);
        Assert.DoesNotContain("나눔", answer.ToKorean());
    }
}
