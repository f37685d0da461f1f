using System.Text.Json.Serialization;

namespace Eco.Agents.BulkWaste;

// File-shaped DTOs for Data/bulk-waste.json.

/// <summary>Root of bulk-waste.json.</summary>
internal sealed class BulkWasteFile
{
    public int SchemaVersion { get; set; }

    public string? FeeBasis { get; set; }

    public List<string>? Steps { get; set; }

    public string? ApplianceNote { get; set; }

    public List<DistrictDto>? Districts { get; set; }

    public List<FeeDto>? Fees { get; set; }
}

/// <summary>Application info of one district.</summary>
internal sealed class DistrictDto
{
    public string? Name { get; set; }

    public List<string>? Match { get; set; }

    public string? ApplicationUrl { get; set; }

    public string? Phone { get; set; }

    public string? CollectionMethod { get; set; }

    public List<string>? Payment { get; set; }
}

/// <summary>One row of the example fee table.</summary>
internal sealed class FeeDto
{
    public string? Item { get; set; }

    public string? Category { get; set; }

    public int Fee { get; set; }

    public List<string>? Terms { get; set; }

    public List<string>? Variant { get; set; }

    public SizeDto? Size { get; set; }
}

/// <summary>A size band ("200L 이상") that picks one fee row when the message states a size.</summary>
internal sealed class SizeDto
{
    public string? Unit { get; set; }

    public double? Below { get; set; }

    public double? From { get; set; }
}

/// <summary>Source-generated serializer metadata for bulk-waste.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BulkWasteFile))]
internal sealed partial class BulkWasteJsonContext : JsonSerializerContext
{
}
