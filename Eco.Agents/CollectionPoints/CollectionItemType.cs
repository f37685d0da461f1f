using Eco.Agents.Places;

namespace Eco.Agents.CollectionPoints;

/// <summary>An item type that goes to a special collection bin.</summary>
/// <param name="Id">Stable id: clothes, battery, lamp, small-electronics, medicine, paper-pack or clear-pet.</param>
/// <param name="Label">Korean display label such as "폐건전지·배터리".</param>
/// <param name="PlaceCode">The <see cref="PlaceInfo.Collects"/> code of sites that take the item, or null when the place data has none.</param>
/// <param name="GuideId">Id of the matching disposal guide in the waste catalog.</param>
public sealed record CollectionItemType(string Id, string Label, string? PlaceCode, string GuideId);
