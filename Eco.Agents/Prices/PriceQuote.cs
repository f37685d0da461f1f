namespace Eco.Agents.Prices;

/// <summary>The surveyed price of one recyclable item.</summary>
/// <param name="ItemId">Stable item id such as "paper_newspaper".</param>
/// <param name="Item">Korean item name such as "신문지".</param>
/// <param name="Category">Korean material category such as "폐지류".</param>
/// <param name="Form">Traded form such as "압축" or "플레이크", or null.</param>
/// <param name="PricePerKg">Average price in the answer's region, in KRW per kg.</param>
/// <param name="NationwidePricePerKg">Nationwide average price, in KRW per kg.</param>
/// <param name="CategoryNote">Note on how the category is priced (such as cullet basis), or null.</param>
public sealed record PriceQuote(
    string ItemId,
    string Item,
    string Category,
    string? Form,
    int PricePerKg,
    int NationwidePricePerKg,
    string? CategoryNote);
