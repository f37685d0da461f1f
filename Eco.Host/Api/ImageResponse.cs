using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>An uploaded photo, as <c>POST /v1/images</c> answers: scan it with <c>{"kind":"scan","image_id":…}</c>.</summary>
internal sealed record ImageResponse(
    [property: JsonPropertyName("image_id")] string ImageId,
    [property: JsonPropertyName("content_type")] string ContentType,
    [property: JsonPropertyName("bytes")] int Bytes,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("stored_at")] DateTimeOffset StoredAt);
