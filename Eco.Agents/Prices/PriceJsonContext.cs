using System.Text.Json.Serialization;

namespace Eco.Agents.Prices;

/// <summary>Source-generated serializer metadata for recyclable-prices.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PriceFile))]
internal sealed partial class PriceJsonContext : JsonSerializerContext
{
}
