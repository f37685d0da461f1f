using System.Text.Json.Serialization;
using Eco.Agents.Intents;

namespace Eco.Agents.Dialogue;

/// <summary>
/// What a conversation is about right now: the things a follow-up may leave out ("라벨은?", "경남은?", "걔가 담당하는 건?"). Each slot
/// holds the words the dataset knows the thing by, so a question rebuilt from it finds the same thing again.
/// </summary>
/// <param name="Topic">The intent of the last turn that asked for something.</param>
/// <param name="Item">The item being disposed of (페트병, 소파, 폐건전지).</param>
/// <param name="District">The user's district (구), for bulk-waste fees and where to apply.</param>
/// <param name="Material">The recyclable whose price was asked (PET, 신문지).</param>
/// <param name="Region">The price survey's region (경남, 수도권).</param>
/// <param name="Character">The character talked about.</param>
/// <param name="Place">The place talked about (a recycling centre, a shop).</param>
/// <param name="Pending">A question still waiting for input the user was asked for (their location): the next turn completes it.</param>
public sealed record DialogueSubject(
    Intent? Topic = null,
    string? Item = null,
    string? District = null,
    string? Material = null,
    string? Region = null,
    string? Character = null,
    string? Place = null,
    string? Pending = null)
{
    /// <summary>Nothing talked about yet.</summary>
    public static readonly DialogueSubject None = new();

    /// <summary>True when a follow-up has nothing to refer to.</summary>
    [JsonIgnore]
    public bool IsEmpty => Equals(None);

    /// <summary>True when the turn named something it asks about (an item, a material, a character or a place).</summary>
    [JsonIgnore]
    public bool NamesAThing => Item is not null || Material is not null || Character is not null || Place is not null;

    /// <summary>
    /// The subject after a turn: what the turn named replaces what was there, the rest stays; small talk keeps the topic. A pending
    /// question is answered by the turn after it, so it never outlives that turn.
    /// </summary>
    /// <param name="named">What the turn's (resolved) question named.</param>
    /// <param name="topic">The turn's intent.</param>
    public DialogueSubject After(DialogueSubject named, Intent topic) => new(
        topic == Intent.General ? Topic : topic,
        named.Item ?? Item,
        named.District ?? District,
        named.Material ?? Material,
        named.Region ?? Region,
        named.Character ?? Character,
        named.Place ?? Place);
}
