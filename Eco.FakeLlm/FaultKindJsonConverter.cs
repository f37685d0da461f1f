using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eco.FakeLlm;

/// <summary>Reads a <see cref="FaultKind"/> from JSON as a label (<c>"429"</c>, <c>"stall"</c>), an enum name or a number, and writes its label.</summary>
internal sealed class FaultKindJsonConverter : JsonConverter<FaultKind>
{
    public override FaultKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => Parse(reader.GetString()!),
        JsonTokenType.Number => reader.GetInt32() switch
        {
            200 => FaultKind.Ok,
            429 => FaultKind.RateLimited,
            500 => FaultKind.ServerError,
            var n when Enum.IsDefined((FaultKind)n) => (FaultKind)n,
            var n => throw new JsonException($"Unknown fault {n}."),
        },
        _ => throw new JsonException("A fault must be a string such as \"429\" or \"stall\"."),
    };

    public override void Write(Utf8JsonWriter writer, FaultKind value, JsonSerializerOptions options) => writer.WriteStringValue(FaultPlan.Label(value));

    private static FaultKind Parse(string text)
    {
        try
        {
            return FaultPlan.ParseKind(text);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }
}
