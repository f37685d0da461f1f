using System.Text.Json.Serialization;

namespace Eco.Agents.BulkWaste;

/// <summary>Source-generated serializer metadata for bulk-waste.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BulkWasteFile))]
internal sealed partial class BulkWasteJsonContext : JsonSerializerContext
{
}
