using System.Text.Json.Serialization;

namespace Eco.Agents.Waste;

/// <summary>Source-generated serializer metadata, so loading needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(WasteDataFile))]
internal sealed partial class WasteJsonContext : JsonSerializerContext
{
}
