namespace Eco.Agents.BulkWaste;

// File-shaped DTOs for Data/bulk-waste.json.

/// <summary>Root of bulk-waste.json.</summary>
internal sealed class BulkWasteFile
{
    public int SchemaVersion { get; set; }

    public string? FeeBasis { get; set; }

    public List<string>? Steps { get; set; }

    public string? ReuseNote { get; set; }

    public string? ApplianceNote { get; set; }

    public List<DistrictDto>? Districts { get; set; }

    public List<FeeDto>? Fees { get; set; }
}
