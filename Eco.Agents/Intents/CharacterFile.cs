namespace Eco.Agents.Intents;

/// <summary>Root of characters.json.</summary>
internal sealed class CharacterFile
{
    public int SchemaVersion { get; set; }

    public List<string>? CueWords { get; set; }

    public List<string>? AddressNames { get; set; }

    public List<CharacterDto>? Characters { get; set; }
}
