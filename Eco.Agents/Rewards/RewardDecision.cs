using System.Text;
using Eco.Agents.Characters;
using Eco.Agents.Text;

namespace Eco.Agents.Rewards;

/// <summary>The reward decision for one scan.</summary>
public sealed record RewardDecision
{
    /// <summary>Whether the scan earns a character.</summary>
    public required bool Eligible { get; init; }

    /// <summary>The outcome in machine-readable form.</summary>
    public required RewardStatus Status { get; init; }

    /// <summary>The character to award, or null when not eligible.</summary>
    public CharacterInfo? Character { get; init; }

    /// <summary>One polite Korean sentence explaining the decision.</summary>
    public required string Reason { get; init; }

    /// <summary>What is still missing for correct preparation; empty when nothing is.</summary>
    public required IReadOnlyList<string> Insufficiencies { get; init; }

    /// <summary>Whether the user had already made friends with this character on an earlier scan (nothing new is granted).</summary>
    public bool AlreadyOwned { get; init; }

    /// <summary>The item the scan was judged on, when it earns a character.</summary>
    public string? Item { get; init; }

    /// <summary>The same decision for a user who already has the character: the scan was still right, and says so.</summary>
    public RewardDecision AsAlreadyOwned() => Character is null ? this : this with
    {
        AlreadyOwned = true,
        Reason = $"{KoreanText.WithObject(Item ?? "")} 올바르게 분리배출했어요! {KoreanText.WithTopic(Character.Name)} 이미 친구예요.",
    };

    /// <summary>Renders the decision in 이코's polite voice, with the character's line when one is awarded.</summary>
    public string ToKorean()
    {
        var builder = new StringBuilder(Reason);
        if (Eligible && Character is not null)
        {
            builder.Append("\n").Append(Character.Name).Append("의 한마디: “").Append(Character.Dialog).Append('”');
        }

        if (Insufficiencies.Count > 0)
        {
            foreach (var item in Insufficiencies)
            {
                builder.Append("\n- ").Append(item);
            }

            if (Status == RewardStatus.NeedsPreparation)
            {
                builder.Append("\n준비를 마치고 다시 찍어 주면 친구를 만날 수 있어요!");
            }
        }

        return builder.ToString();
    }

    /// <summary>Builds the "earned" sentence for a character.</summary>
    internal static string EarnedSentence(CharacterInfo character, string item) =>
        $"{KoreanText.WithObject(item)} 올바르게 분리배출했어요! {KoreanText.WithObject(character.Name)} 친구로 얻었어요.";
}
