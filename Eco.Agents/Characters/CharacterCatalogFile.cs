namespace Eco.Agents.Characters;

// File-shaped DTOs for the catalog's view of Data/characters.json (the intent classifier reads the same file).

/// <summary>Root of characters.json as the catalog reads it.</summary>
internal sealed class CharacterCatalogFile
{
    public int SchemaVersion { get; set; }

    public List<string>? CueWords { get; set; }

    public List<CharacterEntryDto>? Characters { get; set; }
}
