namespace Eco.Streams.External.Offline;

/// <summary>No web search configured: returns nothing, and says so through <see cref="IsConfigured"/>.</summary>
public sealed class OfflineWebSearch : IWebSearch
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SearchHit>>([]);
}

/// <summary>No image service configured: refuses, so the agent can say so instead of inventing a picture.</summary>
public sealed class OfflineImageGenerator : IImageGenerator
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<Uri> GenerateAsync(string prompt, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no image generation service is configured");
}

/// <summary>No weather service configured: the observation is unknown, and the tips say so.</summary>
public sealed class OfflineWeatherService : IWeatherService
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<Eco.Agents.Weather.WeatherObservation?> GetCurrentAsync(Eco.Actors.Jobs.GeoLocation location, CancellationToken cancellationToken) =>
        Task.FromResult<Eco.Agents.Weather.WeatherObservation?>(null);
}
