using System.Text.Json.Serialization;

namespace Eco.Agents.Vision;

/// <summary>Source-generated serializer metadata for scan-hints.json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ScanHintFile))]
internal sealed partial class ScanHintJsonContext : JsonSerializerContext
{
}
