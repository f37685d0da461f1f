namespace Eco.Agents.Prices;

/// <summary>One survey region.</summary>
internal sealed class PriceRegionDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string>? Match { get; set; }
}
