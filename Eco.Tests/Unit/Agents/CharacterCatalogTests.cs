using Eco.Agents.Characters;
using Eco.Agents.Waste;

namespace Eco.Tests.Unit.Agents;

/// <summary>The character catalog: the 13 characters, name detection and the sub-category → character mapping.</summary>
public sealed class CharacterCatalogTests
{
    private static readonly CharacterCatalog Catalog = CharacterCatalog.LoadEmbedded();

    [Fact]
    public void LoadEmbedded_All_HasThirteenCharactersWithMascotFirst()
    {
        Assert.Equal(13, Catalog.All.Count);
        Assert.True(Catalog.All[0].IsMascot);
        Assert.Equal("이코", Catalog.Mascot.Name);
        Assert.Single(Catalog.All, c => c.IsMascot);
        Assert.All(Catalog.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Dialog)));
        Assert.Equal(Catalog.All.Count, Catalog.All.Select(c => c.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("페티 알려줘", "페티")]
    [InlineData("메탈리는 어떤 캐릭터야?", "메탈리")]
    [InlineData("페트병 캐릭터 누구야?", "페티")]
    [InlineData("우유팩 친구는 누구야", "팩토리")]
    [InlineData("코튼 캐릭터 귀여워", "코튼")]
    [InlineData("종이 캐릭터 얻는 법", "페이피")]
    public void Find_NameOrAliasWithCue_ReturnsCharacter(string message, string expected)
    {
        Assert.Equal(expected, Catalog.Find(message)?.Name);
    }

    [Theory]
    [InlineData("비니 모자 사고 싶다")]
    [InlineData("종이 버리는 법 알려줘")]
    [InlineData("페트병 라벨 떼야 해?")]
    [InlineData("")]
    public void Find_EverydayWordsWithoutCue_ReturnsNull(string message)
    {
        Assert.Null(Catalog.Find(message));
    }

    [Theory]
    [InlineData("무색페트병", "페티")]
    [InlineData("금속류", "메탈리")]
    [InlineData("의류및원단", "코튼")]
    [InlineData("의류 및 원단", "코튼")]
    [InlineData("전기전자제품", "일렉")]
    [InlineData("발포합성수지", "폼이")]
    public void ForMatchLabel_SubCategory_ReturnsItsCharacter(string middle, string expected)
    {
        Assert.Equal(expected, Catalog.ForMatchLabel(middle).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("음식물류폐기물")]
    public void ForMatchLabel_NullOrUnknown_ReturnsMascot(string? middle)
    {
        Assert.Same(Catalog.Mascot, Catalog.ForMatchLabel(middle));
    }

    [Fact]
    public void ForMatchLabel_EveryRecyclableSubCategory_HasItsOwnCharacter()
    {
        var middles = WasteCatalog.LoadEmbedded().Guides.Select(g => g.SubCategory).OfType<string>().ToArray();

        Assert.Equal(12, middles.Length);
        Assert.All(middles, m => Assert.False(Catalog.ForMatchLabel(m).IsMascot, m));
        Assert.Equal(12, middles.Select(m => Catalog.ForMatchLabel(m).Code).Distinct().Count());
    }

    [Fact]
    public void ToKorean_Character_NamesSubCategoryItemsAndDialog()
    {
        var petty = Catalog.ForMatchLabel("무색페트병");

        var text = petty.ToKorean();

        Assert.StartsWith("페티는 무색페트병을", text);
        Assert.Contains("먹는샘물 페트병", text);
        Assert.Contains(petty.Dialog, text);
    }
}
