namespace Eco.Agents.BulkWaste;

/// <summary>One row of the example bulky-waste fee table.</summary>
/// <param name="Item">Item as named in the table, such as "소파(2인용)".</param>
/// <param name="Category">Table category: 가구류, 가전류 or 기타.</param>
/// <param name="FeeKrw">Fee in KRW per item in the example district.</param>
public sealed record BulkFeeQuote(string Item, string Category, int FeeKrw);
