namespace Eco.Agents.CollectionPoints;

// File-shaped DTOs for Data/collection-points.json.

/// <summary>Root of collection-points.json.</summary>
internal sealed class CollectionPointFile
{
    public int SchemaVersion { get; set; }

    public List<string>? Blockers { get; set; }

    public List<CollectionTypeDto>? Types { get; set; }
}
