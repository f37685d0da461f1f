using System.Text;
using System.Text.Json;

namespace Eco.FakeLlm;

/// <summary>The parts of an OpenAI chat completion request that a <see cref="IFakeBrain"/> may look at.</summary>
public sealed record FakeChatRequest
{
    /// <summary>The requested model name.</summary>
    public string Model { get; init; } = "";

    /// <summary>The conversation, in order.</summary>
    public IReadOnlyList<FakeChatMessage> Messages { get; init; } = [];

    /// <summary>True when the client asked for a server-sent event stream.</summary>
    public bool Stream { get; init; }

    /// <summary>True when a streaming client asked for usage in the last chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The response format type: <c>text</c>, <c>json_object</c> or <c>json_schema</c>; null when absent.</summary>
    public string? ResponseFormatType { get; init; }

    /// <summary>The name of a <c>json_schema</c> response format; null otherwise.</summary>
    public string? ResponseFormatName { get; init; }

    /// <summary>The JSON schema of a <c>json_schema</c> response format; null otherwise.</summary>
    public JsonElement? ResponseFormatSchema { get; init; }

    /// <summary>The output token limit (<c>max_completion_tokens</c>, else <c>max_tokens</c>); null when absent.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The <c>user</c> field (Eco sends <c>"&lt;job id&gt;:&lt;call key&gt;"</c>); null when absent.</summary>
    public string? User { get; init; }

    /// <summary>The content of the last user message, or an empty string.</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>Parses an OpenAI <c>/v1/chat/completions</c> request body; throws <see cref="JsonException"/> or <see cref="FormatException"/> when it is not one.</summary>
    public static FakeChatRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("The request body must be a JSON object.");
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'messages' is required and must be an array.");
        }

        var list = new List<FakeChatMessage>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            list.Add(new FakeChatMessage(String(message, "role") ?? "user", ContentText(message)) { Images = ImageParts(message) });
        }

        string? formatType = null, formatName = null;
        JsonElement? schema = null;
        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            formatType = String(format, "type");
            if (format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object)
            {
                formatName = String(jsonSchema, "name");
                if (jsonSchema.TryGetProperty("schema", out var s)) schema = s.Clone();
            }
        }

        var includeUsage = root.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var usage)
            && usage.ValueKind == JsonValueKind.True;

        return new FakeChatRequest
        {
            Model = String(root, "model") ?? "",
            Messages = list,
            Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            IncludeUsage = includeUsage,
            ResponseFormatType = formatType,
            ResponseFormatName = formatName,
            ResponseFormatSchema = schema,
            MaxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens"),
            User = String(root, "user"),
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content)) return "";
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.String) text.Append(part.GetString());
                    else if (part.ValueKind == JsonValueKind.Object && String(part, "text") is { } t) text.Append(t);
                }
                return text.ToString();
            default:
                return "";
        }
    }

    private static List<FakeImagePart> ImageParts(JsonElement message)
    {
        var images = new List<FakeImagePart>();
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && String(part, "type") == "image_url"
                    && part.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.Object && String(image, "url") is { } url)
                {
                    images.Add(new FakeImagePart(url, String(image, "detail")));
                }
            }
        }
        return images;
    }
}
