using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>Answer of <c>POST /v1/jobs</c>.</summary>
internal sealed record SubmitJobResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("created")] bool Created);
