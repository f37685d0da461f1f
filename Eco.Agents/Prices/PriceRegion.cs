namespace Eco.Agents.Prices;

/// <summary>A survey region of the recyclable price table.</summary>
/// <param name="Id">Stable region id such as "capital" or "nationwide".</param>
/// <param name="Name">Korean display name such as "수도권" or "전국평균".</param>
public sealed record PriceRegion(string Id, string Name);
