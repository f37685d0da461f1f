using System.Text.Json.Serialization;

namespace Eco.Agents.Places;

// File-shaped DTOs for Data/places.json.

/// <summary>Root of places.json.</summary>
internal sealed class PlaceFile
{
    public int SchemaVersion { get; set; }

    public List<PlaceDto>? Places { get; set; }
}

/// <summary>One place as stored in the file.</summary>
internal sealed class PlaceDto
{
    public string? Id { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Region { get; set; }

    public string? Address { get; set; }

    public string? Detail { get; set; }

    public double? Lat { get; set; }

    public double? Lon { get; set; }

    public string? Phone { get; set; }

    public List<string>? Items { get; set; }

    public List<string>? Collects { get; set; }

    public string? Note { get; set; }
}

/// <summary>Source-generated serializer metadata for places.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PlaceFile))]
internal sealed partial class PlaceJsonContext : JsonSerializerContext
{
}
