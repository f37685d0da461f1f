namespace Eco.Agents.Places;

/// <summary>A place found by a search, with its distance when the search had a centre.</summary>
/// <param name="Place">The place.</param>
/// <param name="DistanceKm">Great-circle distance from the search centre in km, or null for keyword searches.</param>
public sealed record PlaceHit(PlaceInfo Place, double? DistanceKm);
