namespace Eco.Agents.Places;

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
