namespace Eco.Agents.Places;

// File-shaped DTOs for Data/places.json.

/// <summary>Root of places.json.</summary>
internal sealed class PlaceFile
{
    public int SchemaVersion { get; set; }

    public List<PlaceDto>? Places { get; set; }
}
