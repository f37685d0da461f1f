namespace Eco.Streams.External.Offline;

/// <summary>No weather service configured: the observation is unknown, and the tips say so.</summary>
public sealed class OfflineWeatherService : IWeatherService
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<Eco.Agents.Weather.WeatherObservation?> GetCurrentAsync(Eco.Actors.Jobs.GeoLocation location, CancellationToken cancellationToken) =>
        Task.FromResult<Eco.Agents.Weather.WeatherObservation?>(null);
}
