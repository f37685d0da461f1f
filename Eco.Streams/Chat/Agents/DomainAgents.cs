using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.BulkWaste;
using Eco.Agents.Characters;
using Eco.Agents.CollectionPoints;
using Eco.Agents.Geo;
using Eco.Agents.Intents;
using Eco.Agents.Places;
using Eco.Agents.Prices;
using Eco.Agents.Weather;
using Eco.Streams.External;

namespace Eco.Streams.Chat.Agents;

/// <summary>The 13 characters: who they are and which recyclables earn them.</summary>
public sealed class CharacterAgent(CharacterCatalog characters) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "character";
    /// <inheritdoc />
    public Intent Intent => Intent.Character;
    /// <inheritdoc />
    public int Priority => AgentPolicies.High;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Character;
    /// <inheritdoc />
    public int BreakerThreshold => 3;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var found = characters.Find(input.Message);
        var section = found?.ToKorean() ?? characters.ToKoreanOverview();
        return Task.FromResult(new SubAgentResult(Name, section, found is null ? null : JsonSerializer.SerializeToElement(new { found.Code, found.Name }, StreamsJson.Options), null));
    }
}

/// <summary>Recycling centres and zero-waste shops near the user (or by place name); asks for the location when it has neither.</summary>
public sealed class LocationAgent(PlaceDirectory places) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "location";
    /// <inheritdoc />
    public Intent Intent => Intent.Location;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Critical;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Location;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var answer = places.Lookup(input.Message, Point(input.Location));
        var needs = answer.NeedsLocation ? new NeedsInput("location", "가까운 곳을 찾으려면 위치(위도·경도)를 함께 보내 주세요.") : null;
        return Task.FromResult(new SubAgentResult(Name, answer.ToKorean(),
            JsonSerializer.SerializeToElement(new { places = answer.Hits.Select(h => new { h.Place.Name, h.Place.Address, h.DistanceKm }) }, StreamsJson.Options), needs));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "지금은 장소 정보를 불러오지 못했어요. 잠시 후 다시 물어봐 주세요.", null, null, Fallback: true));

    internal static GeoPoint? Point(GeoLocation? location) => location is { } l ? new GeoPoint(l.Latitude, l.Longitude) : null;
}

/// <summary>Where special bins are (clothes, batteries, lamps, small e-waste) and, with a location, the nearest sites that take the item.</summary>
public sealed class CollectionPointAgent(CollectionPointGuide guide) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "collection_point";
    /// <inheritdoc />
    public Intent Intent => Intent.CollectionPoint;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Critical;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.CollectionPoint;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var answer = guide.Lookup(input.Message, LocationAgent.Point(input.Location));
        var needs = answer.NeedsLocation ? new NeedsInput("location", "가까운 수거 장소를 찾으려면 위치(위도·경도)를 함께 보내 주세요.") : null;
        return Task.FromResult(new SubAgentResult(Name, answer.ToKorean(),
            JsonSerializer.SerializeToElement(new { item = answer.ItemType?.Id, nearby = answer.Nearby.Select(h => new { h.Place.Name, h.DistanceKm }) }, StreamsJson.Options), needs));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "지금은 수거함 정보를 불러오지 못했어요. 보통 주민센터나 아파트 단지에 수거함이 있어요.", null, null, Fallback: true));
}

/// <summary>Bulk waste: how to report it, district information, example fees.</summary>
public sealed class BulkWasteAgent(BulkWasteGuide guide) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "bulk_waste";
    /// <inheritdoc />
    public Intent Intent => Intent.BulkWaste;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Critical;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.BulkWaste;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var answer = guide.Lookup(input.Message, district: null);
        return Task.FromResult(new SubAgentResult(Name, answer.ToKorean(),
            JsonSerializer.SerializeToElement(new { fees = answer.Fees, district = answer.District }, StreamsJson.Options), null));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "대형폐기물은 구청이나 주민센터에 배출 신고를 하고 스티커(필증)를 붙여 내놓으면 돼요. 수수료는 구마다 달라요.", null, null, Fallback: true));
}

/// <summary>Recyclable material prices per kg by region (KECO survey).</summary>
public sealed class RecyclablePriceAgent(RecyclablePriceTable prices) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "recyclable_price";
    /// <inheritdoc />
    public Intent Intent => Intent.RecyclablePrice;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Normal;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Price;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var answer = prices.Lookup(input.Message, region: null);
        return Task.FromResult(new SubAgentResult(Name, answer.ToKorean(),
            JsonSerializer.SerializeToElement(new { quotes = answer.Quotes, region = answer.Region.Id }, StreamsJson.Options), null));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "지금은 시세표를 불러오지 못했어요. 잠시 후 다시 물어봐 주세요.", null, null, Fallback: true));
}

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
