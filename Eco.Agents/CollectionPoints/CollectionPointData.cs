using System.Text.Json.Serialization;

namespace Eco.Agents.CollectionPoints;

// File-shaped DTOs for Data/collection-points.json.

/// <summary>Root of collection-points.json.</summary>
internal sealed class CollectionPointFile
{
    public int SchemaVersion { get; set; }

    public List<string>? Blockers { get; set; }

    public List<CollectionTypeDto>? Types { get; set; }
}

/// <summary>One item type with a special bin.</summary>
internal sealed class CollectionTypeDto
{
    public string? Id { get; set; }

    public string? Label { get; set; }

    public List<string>? Terms { get; set; }

    public List<string>? Where { get; set; }

    public string? Collects { get; set; }

    public string? GuideId { get; set; }
}

/// <summary>Source-generated serializer metadata for collection-points.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CollectionPointFile))]
internal sealed partial class CollectionPointJsonContext : JsonSerializerContext
{
}
