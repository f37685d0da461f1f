namespace Eco.Agents.CollectionPoints;

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
