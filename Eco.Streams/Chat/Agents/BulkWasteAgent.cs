using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.BulkWaste;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat.Agents;

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
