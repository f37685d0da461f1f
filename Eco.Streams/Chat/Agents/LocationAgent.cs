using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;
using Eco.Agents.Geo;
using Eco.Agents.Intents;
using Eco.Agents.Places;

namespace Eco.Streams.Chat.Agents;

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
            JsonSerializer.SerializeToElement(new { places = answer.Hits.Select(h => new { h.Place.Name, h.Place.Address, h.DistanceKm }) }, StreamsJson.Options), needs,
            About: answer.Hits.Count > 0 ? new DialogueSubject(Place: answer.Hits[0].Place.Name) : null));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "지금은 장소 정보를 불러오지 못했어요. 잠시 후 다시 물어봐 주세요.", null, null, Fallback: true));

    internal static GeoPoint? Point(GeoLocation? location) => location is { } l ? new GeoPoint(l.Latitude, l.Longitude) : null;
}
