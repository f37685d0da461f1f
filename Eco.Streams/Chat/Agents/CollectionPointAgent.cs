using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.CollectionPoints;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat.Agents;

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
