using System.Text.Json.Serialization;

namespace Eco.Agents.Waste;

// File-shaped DTOs for Data/waste-guides.json. They stay mutable and nullable so that
// WasteCatalog can validate the file and report precise errors before building the public records.

/// <summary>Root of waste-guides.json.</summary>
internal sealed class WasteDataFile
{
    public int SchemaVersion { get; set; }

    public string? Note { get; set; }

    public List<string>? IgnoreTerms { get; set; }

    public List<GuideDto>? Guides { get; set; }
}

/// <summary>One guide as stored in the file.</summary>
internal sealed class GuideDto
{
    public string? Id { get; set; }

    public string? Stream { get; set; }

    public string? SubCategory { get; set; }

    public string? Title { get; set; }

    public string? Summary { get; set; }

    public List<string>? Items { get; set; }

    public List<string>? Aliases { get; set; }

    public List<string>? Keywords { get; set; }

    public List<string>? Steps { get; set; }

    public List<NotAcceptedDto>? NotAccepted { get; set; }

    public List<SituationDto>? Situations { get; set; }

    public List<string>? Tips { get; set; }
}

/// <summary>One not-accepted entry as stored in the file.</summary>
internal sealed class NotAcceptedDto
{
    public string? Item { get; set; }

    public List<string>? Match { get; set; }

    public string? WhereInstead { get; set; }

    public string? GuideId { get; set; }
}

/// <summary>One situation rule as stored in the file.</summary>
internal sealed class SituationDto
{
    public string? Label { get; set; }

    public List<string>? Triggers { get; set; }

    public List<string>? AppliesTo { get; set; }

    public string? TargetGuideId { get; set; }

    public string? Note { get; set; }
}

/// <summary>Source-generated serializer metadata, so loading needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(WasteDataFile))]
internal sealed partial class WasteJsonContext : JsonSerializerContext
{
}
