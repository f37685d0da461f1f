using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eco.Streams.Llm;

/// <summary>Checks that a structured reply is the requested JSON, extracting it where that is unambiguous (one fenced block).</summary>
public static partial class StructuredReplies
{
    /// <summary>The reply's JSON, or <see cref="ModelReplyException"/> naming the provider and what was wrong.</summary>
    public static string Extract(string text, OutputSchema schema, string provider)
    {
        var candidate = text.Trim();
        if (Fenced().Match(candidate) is { Success: true } fence)
        {
            candidate = fence.Groups["json"].Value.Trim();
        }
        try
        {
            using var document = JsonDocument.Parse(candidate);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelReplyException(provider, $"model returned JSON that is not an object, where '{schema.Name}' was requested");
            }
            var missing = schema.Required.Where(name => !document.RootElement.TryGetProperty(name, out _)).ToList();
            if (missing.Count > 0)
            {
                throw new ModelReplyException(provider,
                    $"model returned JSON that does not follow '{schema.Name}': missing {string.Join(", ", missing.Select(m => $"'{m}'"))}");
            }
            return candidate;
        }
        catch (JsonException)
        {
            throw new ModelReplyException(provider, candidate.Length == 0
                ? "model returned an empty reply where JSON was requested"
                : "model returned text that is not the requested JSON");
        }
    }

    [GeneratedRegex(@"^```[a-zA-Z]*\s*\n(?<json>.*?)\n?```$", RegexOptions.Singleline)]
    private static partial Regex Fenced();
}
