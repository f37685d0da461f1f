namespace Eco.Agents.Waste;

/// <summary>Something attached to or left in an item (tape, an invoice, a straw, leftovers) that a disposal step removes.</summary>
/// <param name="Label">Display name, such as "송장".</param>
/// <param name="Match">Normalised words that mention the detail in a message.</param>
/// <param name="StepWords">Normalised words that a guide's step about the detail contains.</param>
internal sealed record AttachedDetail(string Label, string[] Match, string[] StepWords);
