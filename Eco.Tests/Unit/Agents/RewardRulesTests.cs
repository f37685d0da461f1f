using Eco.Agents.Rewards;
using Eco.Agents.Vision;

namespace Eco.Tests.Unit.Agents;

/// <summary>Character rewards: only correctly prepared recyclables with a sub-category and a rule earn one.</summary>
public sealed class RewardRulesTests
{
    private static readonly TextHintClassifier Classifier = new();
    private static readonly RewardRules Rules = new();

    [Fact]
    public void Evaluate_CleanPetBottle_AwardsPetty()
    {
        var scan = Classifier.Classify("라벨 떼고 헹군 페트병", null);

        var decision = Rules.Evaluate(scan, ruleFound: true, Rules.Insufficiencies(scan));

        Assert.True(decision.Eligible);
        Assert.Equal(RewardStatus.Eligible, decision.Status);
        Assert.Equal("페티", decision.Character?.Name);
        Assert.Contains("페티를 친구로 얻었어요", decision.ToKorean());
    }

    [Fact]
    public void Evaluate_LabelLeftOn_RefusedWithReason()
    {
        var scan = Classifier.Classify("라벨 안 뗀 페트병", null);
        var missing = Rules.Insufficiencies(scan);

        var decision = Rules.Evaluate(scan, ruleFound: true, missing);

        Assert.NotEmpty(missing);
        Assert.Contains(missing, m => m.Contains("라벨"));
        Assert.False(decision.Eligible);
        Assert.Equal(RewardStatus.NeedsPreparation, decision.Status);
        Assert.Null(decision.Character);
        Assert.Contains("라벨", decision.ToKorean());
    }

    [Theory]
    [InlineData("내용물이 조금 남은 페트병", "내용물")]
    [InlineData("기름 묻은 참치캔", "오염")]
    [InlineData("테이프 붙은 스티로폼 박스", "테이프")]
    [InlineData("젖은 신문지", "말린 뒤")]
    public void Insufficiencies_SituationNeedingWork_IsListed(string message, string expected)
    {
        var missing = Rules.Insufficiencies(Classifier.Classify(message, null));

        Assert.Contains(missing, m => m.Contains(expected));
    }

    [Fact]
    public void Insufficiencies_PumpOnPlasticContainer_AsksToRemovePump()
    {
        // The retriever sends "펌프" questions to general waste; a vision model can still report a plastic bottle with a pump.
        var scan = new ScanClassification
        {
            Major = ScanClassification.RecyclableMajor,
            Middle = "플라스틱류",
            SituationTags = ["펌프형_용기"],
            HintSource = ScanClassification.FromMessage,
        };

        Assert.Contains(Rules.Insufficiencies(scan), m => m.Contains("펌프만 떼어"));
    }

    [Fact]
    public void Insufficiencies_LabelOnGlassBottle_IsNotRequired()
    {
        var scan = Classifier.Classify("라벨 붙은 유리병", null);

        Assert.Equal("유리병", scan.Middle);
        Assert.Empty(Rules.Insufficiencies(scan));
    }

    [Fact]
    public void Evaluate_NotRecyclable_Refused()
    {
        var scan = Classifier.Classify("치킨 뼈", null);

        var decision = Rules.Evaluate(scan, ruleFound: true, Rules.Insufficiencies(scan));

        Assert.False(decision.Eligible);
        Assert.Equal(RewardStatus.NotRecyclable, decision.Status);
        Assert.Contains("재활용품이 아니라서", decision.Reason);
    }

    [Fact]
    public void Evaluate_RuleNotFound_Refused()
    {
        var scan = Classifier.Classify(null, "pet_bottle.jpg");

        var decision = Rules.Evaluate(scan, ruleFound: false, []);

        Assert.False(decision.Eligible);
        Assert.Equal(RewardStatus.RuleNotFound, decision.Status);
    }

    [Fact]
    public void Evaluate_RecyclableWithoutSubCategory_Refused()
    {
        var scan = new ScanClassification
        {
            Major = ScanClassification.RecyclableMajor,
            SituationTags = [],
            HintSource = ScanClassification.FromMessage,
        };

        var decision = Rules.Evaluate(scan, ruleFound: true, []);

        Assert.False(decision.Eligible);
        Assert.Equal(RewardStatus.NoSubCategory, decision.Status);
    }

    [Fact]
    public void Evaluate_Unclassified_Refused()
    {
        var scan = Classifier.Classify(null, "IMG_0001.jpg");

        var decision = Rules.Evaluate(scan, ruleFound: false, []);

        Assert.Equal(RewardStatus.NotRecyclable, decision.Status);
        Assert.Contains("알아보지 못해서", decision.ToKorean());
    }

    [Fact]
    public void Insufficiencies_NonRecyclable_IsEmpty()
    {
        Assert.Empty(Rules.Insufficiencies(Classifier.Classify("기름 묻은 치킨 뼈", null)));
    }
}
