namespace Eco.Agents.Prices;

/// <summary>One material category.</summary>
internal sealed class PriceCategoryDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Note { get; set; }
}
