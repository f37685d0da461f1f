using Eco.Agents.Characters;
using Eco.Agents.Text;
using Eco.Agents.Vision;

namespace Eco.Agents.Rewards;

/// <summary>Decides whether a scan earns a character: only correctly prepared recyclables with a known sub-category and rule do.</summary>
public sealed class RewardRules
{
    private readonly CharacterCatalog _characters;
    private readonly ScanHints _hints;

    /// <summary>Creates rules over the embedded character catalog.</summary>
    public RewardRules()
        : this(CharacterCatalog.LoadEmbedded())
    {
    }

    /// <summary>Creates rules over the given character catalog.</summary>
    public RewardRules(CharacterCatalog characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        _characters = characters;
        _hints = ScanHints.LoadEmbedded();
    }

    /// <summary>Eligible only for a recyclable with a sub-category, a rule found and no insufficiencies; the character follows the sub-category.</summary>
    /// <param name="classification">The scan classification.</param>
    /// <param name="ruleFound">Whether a disposal rule was found for the item.</param>
    /// <param name="insufficiencies">What is still missing for correct preparation (see <see cref="Insufficiencies"/>).</param>
    public RewardDecision Evaluate(ScanClassification classification, bool ruleFound, IReadOnlyList<string> insufficiencies)
    {
        ArgumentNullException.ThrowIfNull(classification);
        var missing = (insufficiencies ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToArray();

        if (classification.Major != ScanClassification.RecyclableMajor)
        {
            var reason = classification.Major == ScanClassification.UnclassifiedMajor
                ? "무엇인지 알아보지 못해서 이번에는 캐릭터를 드릴 수 없어요."
                : $"{KoreanText.WithTopic(classification.Minor ?? classification.Major)} 재활용품이 아니라서 캐릭터를 얻을 수 없어요. 캐릭터는 올바르게 분리배출한 재활용품에만 드려요.";
            return Refuse(RewardStatus.NotRecyclable, reason, missing);
        }

        if (string.IsNullOrWhiteSpace(classification.Middle))
        {
            return Refuse(RewardStatus.NoSubCategory, "재활용품인 건 알겠지만 어떤 종류(페트병·캔·종이 등)인지 몰라서 캐릭터를 정할 수 없어요.", missing);
        }

        if (!ruleFound)
        {
            return Refuse(RewardStatus.RuleNotFound, $"{classification.Middle} 배출 규칙을 찾지 못해서 이번에는 캐릭터를 드릴 수 없어요.", missing);
        }

        if (missing.Length > 0)
        {
            return Refuse(RewardStatus.NeedsPreparation, "아직 분리배출 준비가 덜 됐어요. 아래를 마무리하면 캐릭터를 얻을 수 있어요.", missing);
        }

        var character = _characters.ForMatchLabel(classification.Middle);
        var item = classification.Minor ?? classification.GuideTitle ?? classification.Middle;
        return new RewardDecision
        {
            Eligible = true,
            Status = RewardStatus.Eligible,
            Character = character,
            Item = item,
            Reason = RewardDecision.EarnedSentence(character, item),
            Insufficiencies = [],
        };
    }

    /// <summary>What is still missing for correct preparation, in polite Korean, judged from the situation tags and the sub-category.</summary>
    /// <remarks>Only recyclables with a sub-category are judged; other items give an empty list.</remarks>
    public IReadOnlyList<string> Insufficiencies(ScanClassification c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Major != ScanClassification.RecyclableMajor || string.IsNullOrWhiteSpace(c.Middle))
        {
            return [];
        }

        var middle = KoreanText.Normalize(c.Middle);
        var tags = c.SituationTags.ToHashSet(StringComparer.Ordinal);
        return _hints.Insufficiencies
            .Where(rule => (rule.Scope.Count == 0 || rule.Scope.Contains(middle)) && rule.Tags.Overlaps(tags))
            .Select(rule => rule.Text)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static RewardDecision Refuse(RewardStatus status, string reason, IReadOnlyList<string> missing) => new()
    {
        Eligible = false,
        Status = status,
        Character = null,
        Reason = reason,
        Insufficiencies = missing,
    };
}
