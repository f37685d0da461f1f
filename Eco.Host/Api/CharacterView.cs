using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>One character of a user's collection: its name, when, and the scan that made friends with it.</summary>
internal sealed record CharacterView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("granted_at")] DateTimeOffset GrantedAt,
    [property: JsonPropertyName("job_id")] string JobId);
