using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Agents.Weather;
using Eco.Streams.External;

namespace Eco.Streams.Chat.Agents;

/// <summary>Weather-dependent disposal tips; the observation comes from a weather service when one is configured.</summary>
public sealed class WeatherAgent(IWeatherService weather, WeatherTips tips) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "weather";
    /// <inheritdoc />
    public Intent Intent => Intent.Weather;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Low;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Weather;
    /// <inheritdoc />
    public int BreakerThreshold => 3;

    /// <inheritdoc />
    public async Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        WeatherObservation? observation = null;
        if (weather.IsConfigured && input.Location is { } location)
        {
            observation = await weather.GetCurrentAsync(location, cancellationToken).ConfigureAwait(false);
        }
        // As enrichment, tips without a real observation would only be noise: say nothing. Asked directly, be honest.
        if (observation is null && !input.IsPrimary)
        {
            return new SubAgentResult(Name, "", null, null);
        }
        var needs = observation is null && input.Location is null && weather.IsConfigured
            ? new NeedsInput("location", "지금 날씨를 보려면 위치(위도·경도)를 함께 보내 주세요.") : null;
        var answer = tips.Advise(observation, input.Message);
        return new SubAgentResult(Name, answer.ToKorean(), JsonSerializer.SerializeToElement(new { observation, tips = answer.Tips }, StreamsJson.Options), needs);
    }
}
