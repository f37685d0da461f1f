namespace Eco.Agents.Prices;

/// <summary>One priced item.</summary>
internal sealed class PriceItemDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Category { get; set; }

    public string? Form { get; set; }

    public List<string>? Synonyms { get; set; }

    public Dictionary<string, int>? Prices { get; set; }
}
