using Eco.Actors.Jobs;
using Eco.Agents.Weather;

namespace Eco.Streams.External;

/// <summary>Current weather at a position.</summary>
public interface IWeatherService
{
    /// <summary>False when no weather service is configured.</summary>
    bool IsConfigured { get; }

    /// <summary>The current observation, or null when unknown.</summary>
    Task<WeatherObservation?> GetCurrentAsync(GeoLocation location, CancellationToken cancellationToken);
}
