using System.Globalization;
using Eco.Agents.Text;

namespace Eco.Agents.Prices;

/// <summary>Which of the materials a "뭐가 더 비싸?" question names is worth more per kg, from the same survey quotes.</summary>
/// <param name="Sides">The materials compared, in the order the message names them; at least two.</param>
public sealed record PriceComparison(IReadOnlyList<PriceComparisonSide> Sides)
{
    /// <summary>The side that costs more per kg whatever item of it is sold, or null when the answer depends on the item (or they are equal).</summary>
    public PriceComparisonSide? Higher
    {
        get
        {
            var ordered = Sides.OrderByDescending(s => s.Max).ToArray();
            return ordered[0].Min > ordered[1].Max ? ordered[0] : null;
        }
    }

    /// <summary>One or two sentences that say which is higher, in 이코's polite voice.</summary>
    public string ToKorean()
    {
        var ordered = Sides.OrderByDescending(s => s.Max).ThenBy(s => s.Min).ToArray();
        var disjoint = ordered.Zip(ordered.Skip(1)).All(pair => pair.First.Min > pair.Second.Max);
        if (disjoint && ordered.Length == 2)
        {
            var (high, low) = (ordered[0], ordered[1]);
            var gap = high.Quotes.Count == 1 && low.Quotes.Count == 1 ? $" {Won(high.Max - low.Max)}" : string.Empty;
            return $"{KoreanText.WithSubject(high.Label)} {low.Label}보다 kg당{gap} 더 비싸요.";
        }

        if (disjoint)
        {
            return $"kg당 값은 {string.Join(" > ", ordered.Select(s => s.Label))} 순으로 비싸요.";
        }

        if (ordered.All(s => s.Min == ordered[0].Max && s.Max == ordered[0].Max))
        {
            return $"{string.Join(", ", ordered.Select(s => s.Label))} 모두 kg당 {Won(ordered[0].Max)}으로 값이 같아요.";
        }

        // Two materials whose items straddle each other: say item by item, since neither is always higher.
        if (Sides.Count == 2 && Sides.FirstOrDefault(s => s.Quotes.Count == 1) is { } single)
        {
            var other = Sides.First(s => !ReferenceEquals(s, single));
            var price = single.Max;
            var above = other.Quotes.Where(q => q.PricePerKg > price).ToArray();
            var below = other.Quotes.Where(q => q.PricePerKg < price).ToArray();
            if (above.Length > 0 && below.Length > 0)
            {
                return $"{other.Label} 중 {Listed(above)} {single.Label}({Won(price)})보다 비싸고, {Listed(below)} {single.Label}보다 싸요.";
            }
        }

        var top = Sides.SelectMany(s => s.Quotes).MaxBy(q => q.PricePerKg)!;
        return $"품목마다 달라서 어느 한쪽이 늘 비싸지는 않아요. 가장 비싼 건 kg당 {Won(top.PricePerKg)}인 {KoreanText.WithCopula(top.Item)}.";
    }

    // "알루미늄캔(1,200원)은": the particle follows the parenthesis but agrees with the last item's name.
    private static string Listed(PriceQuote[] quotes)
    {
        var last = quotes[^1].Item;
        return string.Join(", ", quotes.Select(q => $"{q.Item}({Won(q.PricePerKg)})")) + KoreanText.WithTopic(last)[last.Length..];
    }

    private static string Won(int amount) => amount.ToString("N0", CultureInfo.InvariantCulture) + "원";
}
