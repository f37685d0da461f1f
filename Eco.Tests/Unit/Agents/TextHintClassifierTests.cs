using Eco.Agents.Vision;
using Eco.Agents.Waste;

namespace Eco.Tests.Unit.Agents;

/// <summary>Scan classification from text hints (message and image file name) when no vision model is configured.</summary>
public sealed class TextHintClassifierTests
{
    private static readonly WasteRetriever Retriever = new();
    private static readonly TextHintClassifier Classifier = new(Retriever);

    [Theory]
    [InlineData("pet_bottle.jpg", "무색페트병")]
    [InlineData("https://x/img/pet_bottle_label.jpg", "무색페트병")]
    [InlineData("https://cdn.example.com/u/1/%ED%8E%98%ED%8A%B8%EB%B3%91.jpg?w=300", "무색페트병")]
    [InlineData("페트병.jpg", "무색페트병")]
    [InlineData("glass-bottle.png", "유리병")]
    [InlineData("aluminumCan_01.jpeg", "금속류")]
    [InlineData("C:\\photos\\styrofoam box.png", "발포합성수지")]
    [InlineData("used_battery.webp", "전지")]
    public void Classify_FileNameHint_ReturnsSubCategory(string imageUrl, string middle)
    {
        var result = Classifier.Classify(null, imageUrl);

        Assert.Equal(ScanClassification.FromFileName, result.HintSource);
        Assert.Equal(ScanClassification.RecyclableMajor, result.Major);
        Assert.Equal(middle, result.Middle);
        Assert.NotNull(result.GuideId);
    }

    [Fact]
    public void Classify_PetBottleFile_MatchesRetrieverGuideAndItem()
    {
        var result = Classifier.Classify(null, "pet_bottle.jpg");

        Assert.Equal("recyclable.pet-clear", result.GuideId);
        Assert.Equal("페트병", result.Minor);
        Assert.Equal("pet_bottle", result.FileName);
        Assert.Empty(result.SituationTags);
    }

    [Fact]
    public void Classify_MessageHint_WinsOverFileName()
    {
        var result = Classifier.Classify("참치캔이에요", "pet_bottle.jpg");

        Assert.Equal(ScanClassification.FromMessage, result.HintSource);
        Assert.Equal("금속류", result.Middle);
        Assert.Equal(Retriever.Search("참치캔이에요", 1)[0].GuideId, result.GuideId);
    }

    [Theory]
    [InlineData(null, "KakaoTalk_20240101_123456.jpg")]
    [InlineData("이거 뭐야?", "IMG_2024.jpg")]
    [InlineData(null, null)]
    [InlineData("", "data:image/png;base64,iVBORw0KGgo=")]
    public void Classify_NoUsableHint_ReturnsUnclassified(string? message, string? imageUrl)
    {
        var result = Classifier.Classify(message, imageUrl);

        Assert.Equal(ScanClassification.FromNothing, result.HintSource);
        Assert.Equal(ScanClassification.UnclassifiedMajor, result.Major);
        Assert.Null(result.Middle);
        Assert.Null(result.GuideId);
        Assert.Contains("이미지 분석 모델이 아직 연결되지 않아", result.ToKorean());
    }

    [Theory]
    [InlineData("라벨 안 뗀 페트병", "비닐_라벨_부착")]
    [InlineData("라벨을 제거 안 한 생수병", "비닐_라벨_부착")]
    [InlineData("라벨 뗀 페트병이에요", "비닐_라벨_완전_제거됨")]
    [InlineData("내용물이 조금 남은 페트병", "내용물_일부_남음")]
    [InlineData("다 마신 음료수병", "내용물_없음")]
    [InlineData("기름 묻은 참치캔", "기름기_오염")]
    [InlineData("양념 묻은 반찬통", "음식물_오염")]
    [InlineData("깨진 유리병", "유리병_깨짐")]
    [InlineData("테이프 붙은 스티로폼 박스", "스티로폼_부착물_있음")]
    [InlineData("펌프 달린 샴푸통", "펌프형_용기")]
    public void Classify_SituationPhrase_AddsTag(string message, string tag)
    {
        Assert.Contains(tag, Classifier.Classify(message, null).SituationTags);
    }

    [Fact]
    public void Classify_LabelRemoved_IsNotReadAsLabelAttached()
    {
        var tags = Classifier.Classify("라벨 뗀 페트병", null).SituationTags;

        Assert.DoesNotContain("비닐_라벨_부착", tags);
    }

    [Fact]
    public void Classify_EnglishLabelWordInFileName_AddsLabelTag()
    {
        var result = Classifier.Classify(null, "https://x/img/pet_bottle_label.jpg");

        Assert.Contains("비닐_라벨_부착", result.SituationTags);
        Assert.DoesNotContain("비닐_라벨_부착", Classifier.Classify(null, "pet_bottle_nolabel.jpg").SituationTags);
    }

    [Fact]
    public void Classify_BrokenGlass_MovesToNonCombustible()
    {
        var result = Classifier.Classify("깨진 유리병", null);

        Assert.Equal("불연성종량제폐기물", result.Major);
        Assert.Null(result.Middle);
    }

    [Fact]
    public void ToKorean_Classified_SaysItUsedTextHintsOnly()
    {
        var text = Classifier.Classify(null, "pet_bottle_label.jpg").ToKorean();

        Assert.Contains("파일 이름에서 찾은 단서", text);
        Assert.Contains("무색 페트병으로 버려요", text);
        Assert.Contains("비닐 라벨 부착", text);
    }
}
