using System.Text;
using Eco.Agents.Text;

namespace Eco.Agents.Characters;

/// <summary>One collectible character: the mascot 이코 or a recycling friend tied to a recyclable sub-category.</summary>
public sealed record CharacterInfo
{
    /// <summary>Stable character code such as "char-petty".</summary>
    public required string Code { get; init; }

    /// <summary>Display name in Korean, such as "페티".</summary>
    public required string Name { get; init; }

    /// <summary>Other names and words users call the character by, including the display name.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>Recyclable sub-category the character stands for (such as "무색페트병"), or "대표 캐릭터" for the mascot.</summary>
    public required string MatchLabel { get; init; }

    /// <summary>Items the character covers, in display form.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>The character's one-line tip in polite Korean.</summary>
    public required string Dialog { get; init; }

    /// <summary>Whether this is the mascot 이코 rather than a recycling friend.</summary>
    public bool IsMascot { get; init; }

    /// <summary>Introduces the character in 이코's polite voice, using only the catalog data.</summary>
    public string ToKorean()
    {
        var builder = new StringBuilder();
        if (IsMascot)
        {
            builder.Append("저는 분리배출 도우미 ").Append(Name).Append("예요! 이 앱의 ").Append(MatchLabel).Append("랍니다. ");
            builder.Append("분리배출 사진을 올바르게 찍어 올리면 재활용 친구들을 하나씩 만날 수 있어요.");
        }
        else
        {
            builder.Append(KoreanText.WithTopic(Name)).Append(' ').Append(KoreanText.WithObject(MatchLabel)).Append(" 맡은 재활용 친구예요. ");
            if (Items.Count > 0)
            {
                builder.Append(string.Join(", ", Items)).Append(" 같은 물건을 올바르게 분리배출하면 만날 수 있어요.");
            }
        }

        builder.Append("\n").Append(Name).Append("의 한마디: “").Append(Dialog).Append('”');
        return builder.ToString();
    }
}
