namespace Eco.Agents.Rewards;

/// <summary>Why a scan did or did not earn a character.</summary>
public enum RewardStatus
{
    /// <summary>A correctly prepared recyclable: the character is awarded.</summary>
    Eligible,

    /// <summary>The item is not a recyclable (or could not be classified).</summary>
    NotRecyclable,

    /// <summary>A recyclable without a known sub-category, so no character fits.</summary>
    NoSubCategory,

    /// <summary>No disposal rule was found for the item.</summary>
    RuleNotFound,

    /// <summary>The item still needs preparation (label, contents, contamination …).</summary>
    NeedsPreparation,
}
