using System.Text.Json.Serialization;

namespace Eco.Agents.Vision;

// File-shaped DTOs for Data/scan-hints.json.

/// <summary>Root of scan-hints.json.</summary>
internal sealed class ScanHintFile
{
    public int SchemaVersion { get; set; }

    public List<SituationHintDto>? Situations { get; set; }

    public List<string>? Blockers { get; set; }

    public List<DerivedTagDto>? Derived { get; set; }

    public Dictionary<string, string>? English { get; set; }

    public List<InsufficiencyDto>? Insufficiencies { get; set; }
}

/// <summary>One situation tag with the words that reveal it.</summary>
internal sealed class SituationHintDto
{
    public string? Tag { get; set; }

    public List<string>? Triggers { get; set; }
}

/// <summary>A tag added when another tag meets a sub-category (broken + glass bottle → broken glass bottle).</summary>
internal sealed class DerivedTagDto
{
    public string? When { get; set; }

    public string? Middle { get; set; }

    public List<string>? Words { get; set; }

    public string? Add { get; set; }
}

/// <summary>A preparation problem signalled by situation tags.</summary>
internal sealed class InsufficiencyDto
{
    public List<string>? Tags { get; set; }

    public List<string>? Scope { get; set; }

    public string? Text { get; set; }
}

/// <summary>Source-generated serializer metadata for scan-hints.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ScanHintFile))]
internal sealed partial class ScanHintJsonContext : JsonSerializerContext
{
}
