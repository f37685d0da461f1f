namespace Eco.Agents.Prices;

// File-shaped DTOs for Data/recyclable-prices.json.

/// <summary>Root of recyclable-prices.json.</summary>
internal sealed class PriceFile
{
    public int SchemaVersion { get; set; }

    public SurveyDto? Survey { get; set; }

    public List<PriceRegionDto>? Regions { get; set; }

    public List<string>? UnlistedRegions { get; set; }

    public List<PriceCategoryDto>? Categories { get; set; }

    public List<PriceItemDto>? Items { get; set; }

    public Dictionary<string, List<string>>? Groups { get; set; }
}
