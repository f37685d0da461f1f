using System.Text.Json.Serialization;

namespace Eco.Agents.Characters;

/// <summary>Source-generated serializer metadata for the catalog's view of characters.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CharacterCatalogFile))]
internal sealed partial class CharacterCatalogJsonContext : JsonSerializerContext
{
}
