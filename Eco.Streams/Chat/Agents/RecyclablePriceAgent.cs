using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Agents.Prices;

namespace Eco.Streams.Chat.Agents;

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
