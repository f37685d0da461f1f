namespace Eco.Agents.Waste;

// File-shaped DTOs for Data/waste-guides.json. They stay mutable and nullable so that
// WasteCatalog can validate the file and report precise errors before building the public records.

/// <summary>Root of waste-guides.json.</summary>
internal sealed class WasteDataFile
{
    public int SchemaVersion { get; set; }

    public string? Note { get; set; }

    public List<string>? IgnoreTerms { get; set; }

    public List<string>? UnusableWords { get; set; }

    public List<DetailDto>? Details { get; set; }

    public List<string>? RemovalWords { get; set; }

    public List<string>? AttachmentCues { get; set; }

    public List<GuideDto>? Guides { get; set; }
}
