using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>Body of <c>POST /v1/jobs</c>.</summary>
internal sealed class SubmitJobRequest
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("conversation_id")]
    public string? ConversationId { get; set; }

    [JsonPropertyName("location")]
    public LocationRequest? Location { get; set; }

    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; set; }

    [JsonPropertyName("image_id")]
    public string? ImageId { get; set; }

    [JsonPropertyName("busy_policy")]
    public string? BusyPolicy { get; set; }
}
