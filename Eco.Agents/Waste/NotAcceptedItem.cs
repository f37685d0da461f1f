namespace Eco.Agents.Waste;

/// <summary>An item that does not belong in a guide's stream, with where it goes instead.</summary>
/// <param name="Item">Display name of the excluded item.</param>
/// <param name="WhereInstead">Short polite instruction saying where the item goes instead.</param>
/// <param name="GuideId">Id of the guide that accepts the item, or null when the rules only say "dispose separately".</param>
/// <param name="MatchTerms">Words that identify the item in a user's message (the item name is always included).</param>
public sealed record NotAcceptedItem(string Item, string WhereInstead, string? GuideId, IReadOnlyList<string> MatchTerms)
{
    /// <summary>Whether the item usually comes attached to one of the guide's items (an invoice on a box, a pump on a bottle).</summary>
    /// <remarks>Then "송장 붙은 택배 상자" is about the box, and the invoice is a step to take, not the item asked about.</remarks>
    public bool Attachment { get; init; }
}
