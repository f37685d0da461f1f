namespace Eco.Agents.Characters;

/// <summary>One character as stored in characters.json.</summary>
internal sealed class CharacterEntryDto
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public List<string>? Names { get; set; }

    public List<string>? ContextNames { get; set; }

    public List<string>? Aliases { get; set; }

    public List<string>? Items { get; set; }

    public string? MatchLabel { get; set; }

    public string? Dialog { get; set; }
}
