using System.Text.Json.Serialization;

namespace Eco.Host.Api;

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
