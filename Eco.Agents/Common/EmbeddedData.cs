using System.Text.Json.Serialization.Metadata;
using System.Text.Json;

namespace Eco.Agents.Common;

/// <summary>Reads the JSON datasets embedded in this assembly (see the LogicalName rule in Eco.Agents.csproj).</summary>
internal static class EmbeddedData
{
    /// <summary>Deserialises the embedded file <c>Data/{fileName}</c> with source-generated metadata.</summary>
    public static T Read<T>(string fileName, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var resource = "Eco.Agents.Data." + fileName;
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from Eco.Agents.");
        return JsonSerializer.Deserialize(stream, typeInfo)
            ?? throw new InvalidDataException($"Embedded dataset '{fileName}' is empty.");
    }

    /// <summary>Trims the strings of a file list, dropping nulls and blanks.</summary>
    public static string[] Clean(IEnumerable<string?>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToArray();
}
