using System.Globalization;
using System.Text;
using Eco.Agents.Text;

namespace Eco.Agents.Prices;

/// <summary>The answer to a recyclable price question, built only from the embedded survey.</summary>
public sealed record PriceAnswer
{
    /// <summary>Quotes for the items the message asked about; empty when none was recognised.</summary>
    public required IReadOnlyList<PriceQuote> Quotes { get; init; }

    /// <summary>The survey region the prices are for.</summary>
    public required PriceRegion Region { get; init; }

    /// <summary>A place the user named that the survey has no separate region for (such as "부산"), or null.</summary>
    public string? UnlistedRegion { get; init; }

    /// <summary>Survey month as "yyyy-MM".</summary>
    public required string SurveyMonth { get; init; }

    /// <summary>Name of the survey.</summary>
    public required string Source { get; init; }

    /// <summary>Where the survey is published.</summary>
    public required string SourceUrl { get; init; }

    /// <summary>Price unit, such as "원/kg".</summary>
    public required string Unit { get; init; }

    /// <summary>Caveat about how the averages were made.</summary>
    public required string Caveat { get; init; }

    /// <summary>Names of all priced items, for the "not found" answer.</summary>
    public required IReadOnlyList<string> KnownItems { get; init; }

    /// <summary>Which material is worth more, when the message asks to compare two or more; otherwise null.</summary>
    public PriceComparison? Comparison { get; init; }

    /// <summary>Whether at least one item was recognised.</summary>
    public bool Found => Quotes.Count > 0;

    /// <summary>Renders the prices (or an honest "not in the data") in 이코's polite voice.</summary>
    public string ToKorean()
    {
        var month = FormatMonth(SurveyMonth);
        if (!Found)
        {
            return "말씀하신 품목의 시세는 이코가 가진 " + Source + "(" + month + ") 자료에 없어서 알려드릴 수 없어요. " +
                   "자료에 있는 품목은 " + KoreanText.WithCopula(string.Join(", ", KnownItems)) + ". 이 중에서 물어봐 주세요.";
        }

        var builder = new StringBuilder();
        if (UnlistedRegion is not null)
        {
            builder.Append(KoreanText.WithTopic(UnlistedRegion)).Append(" 조사 권역에 따로 나와 있지 않아서 ")
                .Append(KoreanText.WithDirection(Region.Name)).Append(" 알려드릴게요. ");
        }

        builder.Append(Source).Append('(').Append(month).Append(") 기준 ").Append(Region.Name).Append(" 시세예요.");
        foreach (var quote in Quotes)
        {
            builder.Append("\n- ").Append(quote.Item).Append(": kg당 ").Append(Won(quote.PricePerKg));
            if (Region.Id != RecyclablePriceTable.NationwideId)
            {
                builder.Append(" (전국 평균 ").Append(Won(quote.NationwidePricePerKg)).Append(')');
            }

            if (quote.CategoryNote is not null)
            {
                builder.Append(" · ").Append(quote.CategoryNote);
            }
        }

        if (Comparison is not null)
        {
            builder.Append('\n').Append(Comparison.ToKorean());
        }

        builder.Append('\n').Append(Caveat);
        return builder.ToString();
    }

    private static string Won(int amount) => amount.ToString("N0", CultureInfo.InvariantCulture) + "원";

    private static string FormatMonth(string month) =>
        DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? $"{date.Year}년 {date.Month}월 조사"
            : month;
}
