namespace Eco.Agents.Waste;

/// <summary>A condition (broken, contaminated, coated …) that moves an item of one guide to another guide.</summary>
/// <param name="Label">Short display name of the situation, such as "깨진 유리병".</param>
/// <param name="Triggers">Words in the message that signal the situation.</param>
/// <param name="AppliesTo">Item words the rule is limited to; empty means any match of the owning guide.</param>
/// <param name="TargetGuideId">Id of the guide that applies in this situation.</param>
/// <param name="Note">One polite sentence explaining the rule.</param>
public sealed record SituationRule(
    string Label,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> AppliesTo,
    string TargetGuideId,
    string Note);
