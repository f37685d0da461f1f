using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>The user's position in a request.</summary>
internal sealed class LocationRequest
{
    [JsonPropertyName("latitude")]
    public double? Latitude { get; set; }

    [JsonPropertyName("longitude")]
    public double? Longitude { get; set; }
}
