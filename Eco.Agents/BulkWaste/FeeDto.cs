namespace Eco.Agents.BulkWaste;

/// <summary>One row of the example fee table.</summary>
internal sealed class FeeDto
{
    public string? Item { get; set; }

    public string? Category { get; set; }

    public int Fee { get; set; }

    public List<string>? Terms { get; set; }

    public List<string>? Variant { get; set; }

    public SizeDto? Size { get; set; }
}
