using System.Globalization;
using System.Text;
using Eco.Agents.Text;

namespace Eco.Agents.BulkWaste;

/// <summary>The answer to a bulky-waste question: example fees, district info and the usual steps.</summary>
public sealed record BulkWasteAnswer
{
    /// <summary>The item word found in the message (such as "소파"), or null.</summary>
    public string? ItemMentioned { get; init; }

    /// <summary>Fee rows for the item from the example table; empty when the item is not in the table.</summary>
    public required IReadOnlyList<BulkFeeQuote> Fees { get; init; }

    /// <summary>The district whose fees the example table shows.</summary>
    public required string FeeBasisDistrict { get; init; }

    /// <summary>Application info for the user's district, or null when unknown or not in the data.</summary>
    public BulkDistrictInfo? District { get; init; }

    /// <summary>A district the user named that the data does not cover (such as "송파구"), or null.</summary>
    public string? UncoveredDistrict { get; init; }

    /// <summary>Names of the districts the data covers.</summary>
    public required IReadOnlyList<string> CoveredDistricts { get; init; }

    /// <summary>How a still-usable item can be used again instead (재활용센터, 나눔), or null when the message says it is broken.</summary>
    public string? ReuseNote { get; init; }

    /// <summary>The usual steps: report, get the sticker (필증), put the item out.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Extra note for large appliances, or null when no appliance was asked about.</summary>
    public string? ApplianceNote { get; init; }

    /// <summary>Renders fees, district info and steps in 이코's polite voice, saying clearly that fees are one district's example.</summary>
    public string ToKorean()
    {
        var builder = new StringBuilder();
        if (Fees.Count > 0)
        {
            builder.Append(KoreanText.WithTopic(ItemMentioned ?? Fees[0].Item)).Append(" 대형폐기물 수수료 예시예요(")
                .Append(FeeBasisDistrict).Append(" 기준): ")
                .Append(string.Join(", ", Fees.Select(f => f.Item + " " + f.FeeKrw.ToString("N0", CultureInfo.InvariantCulture) + "원")))
                .Append(". 수수료는 구마다 다르니 실제 금액은 사는 곳 구청에서 꼭 확인해 주세요.");
        }
        else if (ItemMentioned is not null)
        {
            builder.Append(KoreanText.WithTopic(ItemMentioned)).Append(" 이코가 가진 예시 수수료표에 없어서 금액은 알려드릴 수 없어요. ")
                .Append("품목과 크기에 따라 수수료가 정해지니 사는 곳 구청에서 확인해 주세요.");
        }
        else
        {
            builder.Append("대형폐기물 수수료는 품목과 크기, 사는 구에 따라 달라요. 버리려는 물건을 알려주시면 ")
                .Append(FeeBasisDistrict).Append(" 예시 수수료를 찾아볼게요.");
        }

        builder.Append('\n');
        if (District is not null)
        {
            builder.Append(District.Name).Append(" 신청 방법: ").Append(District.CollectionMethod)
                .Append(" 신청은 ").Append(District.ApplicationUrl).Append("에서 할 수 있고, 문의 전화는 ").Append(District.Phone)
                .Append("이에요. 결제는 ").Append(string.Join(", ", District.PaymentMethods)).Append("로 할 수 있어요.");
        }
        else if (UncoveredDistrict is not null)
        {
            builder.Append(UncoveredDistrict).Append("의 신청 방법은 이코 자료에 없어요. 구청 홈페이지나 주민센터에서 확인해 주세요.");
        }
        else
        {
            builder.Append("사는 구를 알려주시면 신청 방법도 알려드릴게요(자료에 있는 구: ").Append(string.Join(", ", CoveredDistricts)).Append(").");
        }

        if (ReuseNote is not null)
        {
            builder.Append('\n').Append(ReuseNote);
        }

        builder.Append("\n버리는 순서:");
        for (var i = 0; i < Steps.Count; i++)
        {
            builder.Append('\n').Append(i + 1).Append(". ").Append(Steps[i]);
        }

        if (ApplianceNote is not null)
        {
            builder.Append("\n팁: ").Append(ApplianceNote);
        }

        return builder.ToString();
    }
}
