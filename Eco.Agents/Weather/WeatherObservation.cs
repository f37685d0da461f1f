namespace Eco.Agents.Weather;

/// <summary>What is falling from the sky at the time of the observation.</summary>
public enum Precipitation
{
    /// <summary>No rain or snow.</summary>
    None,

    /// <summary>Rain (including showers and drizzle).</summary>
    Rain,

    /// <summary>Snow or sleet.</summary>
    Snow,
}

/// <summary>Current weather at the user's location, as reported by a weather service.</summary>
/// <param name="TemperatureC">Air temperature in degrees Celsius.</param>
/// <param name="HumidityPct">Relative humidity in percent, 0..100.</param>
/// <param name="Precipitation">Rain or snow right now.</param>
public sealed record WeatherObservation(double TemperatureC, double HumidityPct, Precipitation Precipitation);
