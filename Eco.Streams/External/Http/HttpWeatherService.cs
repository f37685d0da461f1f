using System.Globalization;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Weather;

namespace Eco.Streams.External.Http;

/// <summary>Weather over HTTP: <c>GET {base}/current?lat=…&amp;lon=…</c> → <c>{"temperature_c","humidity_pct","precipitation":"none|rain|snow"}</c>.</summary>
public sealed class HttpWeatherService(HttpClient http) : IWeatherService
{
    /// <inheritdoc />
    public bool IsConfigured => true;

    /// <inheritdoc />
    public async Task<WeatherObservation?> GetCurrentAsync(GeoLocation location, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"current?lat={location.Latitude}&lon={location.Longitude}");
        using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var precipitation = root.TryGetProperty("precipitation", out var p) && Enum.TryParse<Precipitation>(p.GetString(), ignoreCase: true, out var value)
            ? value : Precipitation.None;
        return new WeatherObservation(root.GetProperty("temperature_c").GetDouble(), root.GetProperty("humidity_pct").GetDouble(), precipitation);
    }
}
