namespace Eco.Agents.Prices;

/// <summary>One side of a price comparison: a material the user named and the surveyed items it stands for.</summary>
/// <param name="Label">The material as the answer names it: the item name, or the user's group word ("캔") for several items.</param>
/// <param name="Quotes">The surveyed items of this material, at least one.</param>
public sealed record PriceComparisonSide(string Label, IReadOnlyList<PriceQuote> Quotes)
{
    /// <summary>Lowest price per kg among the side's items.</summary>
    public int Min => Quotes.Min(q => q.PricePerKg);

    /// <summary>Highest price per kg among the side's items.</summary>
    public int Max => Quotes.Max(q => q.PricePerKg);
}
