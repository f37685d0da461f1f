using System.Text.Json.Serialization;

namespace Eco.Agents.Places;

/// <summary>Source-generated serializer metadata for places.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PlaceFile))]
internal sealed partial class PlaceJsonContext : JsonSerializerContext
{
}
