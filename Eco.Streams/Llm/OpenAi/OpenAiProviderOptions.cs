using System.ComponentModel.DataAnnotations;

namespace Eco.Streams.Llm.OpenAi;

/// <summary>One OpenAI-compatible endpoint.</summary>
public sealed class OpenAiProviderOptions
{
    /// <summary>Base URL including <c>/v1</c>, e.g. <c>https://api.openai.com/v1</c>.</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>API key (from a secret or the environment, never a committed file).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Model name.</summary>
    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Socket-level timeout for one HTTP attempt, including gaps between streamed chunks. Default 60 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Speak HTTP/2 only (prior knowledge on <c>http://</c>), so thousands of concurrent calls share a few connections instead of
    /// one socket each. For servers and gateways that support it; default false (HTTP/1.1).
    /// </summary>
    public bool Http2 { get; set; }
}
