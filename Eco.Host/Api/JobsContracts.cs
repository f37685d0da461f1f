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

    [JsonPropertyName("busy_policy")]
    public string? BusyPolicy { get; set; }
}

/// <summary>The user's position in a request.</summary>
internal sealed class LocationRequest
{
    [JsonPropertyName("latitude")]
    public double? Latitude { get; set; }

    [JsonPropertyName("longitude")]
    public double? Longitude { get; set; }
}

/// <summary>Answer of <c>POST /v1/jobs</c>.</summary>
internal sealed record SubmitJobResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("created")] bool Created);

/// <summary>Answer of <c>GET /v1/jobs/{id}</c>.</summary>
internal sealed record JobView(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_seq")] long LastSeq,
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("completed_stages")] IReadOnlyList<string> CompletedStages,
    [property: JsonPropertyName("answer")] string? Answer,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);
