namespace Eco.Agents.Answers;

/// <summary>Joins already-rendered sub-agent paragraphs and the waste answer into one reply in 이코's voice.</summary>
/// <remarks>Sections keep their order; blank and duplicate sections are dropped; a short intro is added only when more than one section remains.</remarks>
public sealed class SectionedAnswerWriter
{
    /// <summary>Intro used when the reply has more than one section.</summary>
    public const string MultiSectionIntro = "여러 가지를 물어보셨네요. 하나씩 알려드릴게요!";

    /// <summary>Reply used when there is nothing to say at all.</summary>
    public const string EmptyReply =
        "안녕하세요, 분리배출 도우미 이코예요! 버리려는 물건 이름을 알려주시면 버리는 방법을 알려드릴게요.";

    /// <summary>Builds the reply: the waste part first (when given), then the sub-agent sections in order.</summary>
    /// <param name="sections">Sub-agent paragraphs (prices, places, weather …), each already rendered with ToKorean().</param>
    /// <param name="wastePart">The disposal answer (for example from <see cref="LocalAnswerWriter"/>), or null when there is none.</param>
    public string Write(IReadOnlyList<string> sections, string? wastePart)
    {
        var parts = new List<string>();
        foreach (var part in new[] { wastePart }.Concat(sections ?? []))
        {
            var text = part?.Trim();
            if (!string.IsNullOrEmpty(text) && !parts.Contains(text, StringComparer.Ordinal))
            {
                parts.Add(text);
            }
        }

        return parts.Count switch
        {
            0 => EmptyReply,
            1 => parts[0],
            _ => MultiSectionIntro + "\n\n" + string.Join("\n\n", parts),
        };
    }
}
