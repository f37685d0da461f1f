using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eco.Actors.Jobs;

/// <summary>Writes a <see cref="JobId"/> as its string and validates it on read.</summary>
public sealed class JobIdJsonConverter : JsonConverter<JobId>
{
    /// <inheritdoc />
    public override JobId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JobId.TryParse(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
