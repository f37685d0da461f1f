using System.Text.Json.Serialization;

namespace Eco.Agents.Characters;

// File-shaped DTOs for the catalog's view of Data/characters.json (the intent classifier reads the same file).

/// <summary>Root of characters.json as the catalog reads it.</summary>
internal sealed class CharacterCatalogFile
{
    public int SchemaVersion { get; set; }

    public List<string>? CueWords { get; set; }

    public List<CharacterEntryDto>? Characters { get; set; }
}

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

/// <summary>Source-generated serializer metadata for the catalog's view of characters.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CharacterCatalogFile))]
internal sealed partial class CharacterCatalogJsonContext : JsonSerializerContext
{
}
