using System.Text.Json.Serialization;

namespace Eco.Agents.Intents;

/// <summary>Source-generated serializer metadata for characters.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CharacterFile))]
internal sealed partial class CharacterJsonContext : JsonSerializerContext
{
}
