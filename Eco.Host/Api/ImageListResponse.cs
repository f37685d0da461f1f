using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>The caller's photos, newest first (<c>GET /v1/images</c>), and how much of their allowance they take.</summary>
internal sealed record ImageListResponse(
    [property: JsonPropertyName("images")] IReadOnlyList<ImageResponse> Images,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("used_bytes")] long UsedBytes,
    [property: JsonPropertyName("quota_bytes")] long? QuotaBytes);
