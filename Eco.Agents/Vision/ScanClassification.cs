using System.Text;
using Eco.Agents.Text;

namespace Eco.Agents.Vision;

/// <summary>The classification of one scanned item, made from text hints when no vision model is configured.</summary>
public sealed record ScanClassification
{
    /// <summary>Major category used for recyclables.</summary>
    public const string RecyclableMajor = "재활용폐기물";

    /// <summary>Major category used when nothing could be recognised.</summary>
    public const string UnclassifiedMajor = "미분류";

    /// <summary>Hint source when the item came from the user's message.</summary>
    public const string FromMessage = "message";

    /// <summary>Hint source when the item came from the image file name.</summary>
    public const string FromFileName = "filename";

    /// <summary>Hint source when nothing was recognised.</summary>
    public const string FromNothing = "none";

    /// <summary>Korean major category such as "재활용폐기물" or "일반종량제폐기물"; "미분류" when unknown.</summary>
    public required string Major { get; init; }

    /// <summary>Recyclable sub-category such as "무색페트병", or null for other majors and unknown items.</summary>
    public string? Middle { get; init; }

    /// <summary>The item word recognised (such as "페트병"), or null when only a category word was found.</summary>
    public string? Minor { get; init; }

    /// <summary>Situation tags (such as "비닐_라벨_부착", "내용물_일부_남음") detected in the text.</summary>
    public required IReadOnlyList<string> SituationTags { get; init; }

    /// <summary>Where the item came from: "message", "filename" or "none".</summary>
    public required string HintSource { get; init; }

    /// <summary>Id of the disposal guide that applies, or null when unknown.</summary>
    public string? GuideId { get; init; }

    /// <summary>Display title of that guide (such as "무색 페트병"), or null.</summary>
    public string? GuideTitle { get; init; }

    /// <summary>Retrieval score of the match in 0..1 (0 when nothing matched).</summary>
    public double Score { get; init; }

    /// <summary>The decoded image file name without extension, or null when there was no usable file name.</summary>
    public string? FileName { get; init; }

    /// <summary>Whether an item or category was recognised.</summary>
    public bool IsClassified => GuideId is not null;

    /// <summary>Explains the classification in 이코's polite voice, saying honestly that it comes from text hints only.</summary>
    public string ToKorean()
    {
        if (!IsClassified)
        {
            return "이미지 분석 모델이 아직 연결되지 않아 사진만으로는 무엇인지 알 수 없어요. 메시지나 파일 이름에서도 물건 이름을 찾지 못했어요. " +
                   "물건 이름을 알려주시면 분리배출 방법을 알려드릴게요.";
        }

        var source = HintSource == FromFileName ? "파일 이름" : "메시지";
        var builder = new StringBuilder("이미지 분석 모델이 연결되지 않아 ").Append(source).Append("에서 찾은 단서로 분류했어요. ");
        var category = Middle is null ? Major : Major + " › " + Middle;
        var subject = Minor ?? Middle ?? GuideTitle ?? Major;
        builder.Append(KoreanText.WithTopic(subject)).Append(' ').Append(category).Append(" 항목으로 보여요");
        if (GuideTitle is not null)
        {
            builder.Append(". ").Append(KoreanText.WithDirection(GuideTitle)).Append(" 버려요.");
        }
        else
        {
            builder.Append('.');
        }

        if (SituationTags.Count > 0)
        {
            builder.Append("\n확인된 상태: ").Append(string.Join(", ", SituationTags.Select(t => t.Replace('_', ' '))));
        }

        return builder.ToString();
    }
}
