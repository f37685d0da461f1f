namespace Eco.Agents.Weather;

/// <summary>Current weather at the user's location, as reported by a weather service.</summary>
/// <param name="TemperatureC">Air temperature in degrees Celsius.</param>
/// <param name="HumidityPct">Relative humidity in percent, 0..100.</param>
/// <param name="Precipitation">Rain or snow right now.</param>
public sealed record WeatherObservation(double TemperatureC, double HumidityPct, Precipitation Precipitation);
