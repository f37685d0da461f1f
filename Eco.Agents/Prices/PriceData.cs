using System.Text.Json.Serialization;

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

/// <summary>Survey metadata.</summary>
internal sealed class SurveyDto
{
    public string? Source { get; set; }

    public string? Month { get; set; }

    public string? Unit { get; set; }

    public string? Url { get; set; }

    public string? Note { get; set; }
}

/// <summary>One survey region.</summary>
internal sealed class PriceRegionDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string>? Match { get; set; }
}

/// <summary>One material category.</summary>
internal sealed class PriceCategoryDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Note { get; set; }
}

/// <summary>One priced item.</summary>
internal sealed class PriceItemDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Category { get; set; }

    public string? Form { get; set; }

    public List<string>? Synonyms { get; set; }

    public Dictionary<string, int>? Prices { get; set; }
}

/// <summary>Source-generated serializer metadata for recyclable-prices.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PriceFile))]
internal sealed partial class PriceJsonContext : JsonSerializerContext
{
}
