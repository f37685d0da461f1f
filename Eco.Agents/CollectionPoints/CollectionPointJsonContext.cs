using System.Text.Json.Serialization;

namespace Eco.Agents.CollectionPoints;

/// <summary>Source-generated serializer metadata for collection-points.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CollectionPointFile))]
internal sealed partial class CollectionPointJsonContext : JsonSerializerContext
{
}
