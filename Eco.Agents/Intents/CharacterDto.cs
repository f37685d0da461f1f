namespace Eco.Agents.Intents;

/// <summary>One character as stored in characters.json.</summary>
internal sealed class CharacterDto
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public List<string>? Names { get; set; }

    public List<string>? ContextNames { get; set; }

    public string? MatchLabel { get; set; }
}
