using System.Text.Json;

namespace Eco.Streams.Llm;

/// <summary>A JSON schema for structured output.</summary>
/// <param name="Name">Schema name (letters, digits, '_').</param>
/// <param name="Json">The JSON schema text.</param>
public sealed record OutputSchema(string Name, string Json)
{
    /// <summary>The properties a reply must have (the schema's top-level <c>required</c>).</summary>
    public IReadOnlyList<string> Required { get; } = ReadRequired(Json);

    private static string[] ReadRequired(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Select(e => e.GetString()!)]
            : [];
    }
}
