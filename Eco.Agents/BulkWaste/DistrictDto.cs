namespace Eco.Agents.BulkWaste;

/// <summary>Application info of one district.</summary>
internal sealed class DistrictDto
{
    public string? Name { get; set; }

    public List<string>? Match { get; set; }

    public string? ApplicationUrl { get; set; }

    public string? Phone { get; set; }

    public string? CollectionMethod { get; set; }

    public List<string>? Payment { get; set; }
}
