using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Answers;
using Eco.Agents.Intents;
using Eco.Agents.Waste;

namespace Eco.Streams.Chat.Agents;

/// <summary>How to dispose of an item: tag-based retrieval over the disposal guides, then the guide's steps.</summary>
public sealed class WasteAgent(WasteRetriever retriever, WasteCatalog catalog, LocalAnswerWriter writer) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "waste";
    /// <inheritdoc />
    public Intent Intent => Intent.Waste;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Critical;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Waste;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var matches = retriever.Search(input.Message);
        var section = writer.Write(input.Message, new IntentClassification(Intent.Waste, input.Intent.Confidence, []), matches, catalog);
        var data = JsonSerializer.SerializeToElement(new { matches }, StreamsJson.Options);
        return Task.FromResult(new SubAgentResult(Name, section, data, null));
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name,
            "지금은 분리배출 자료를 찾지 못했어요. 물건 이름을 조금 더 구체적으로 알려주시면 다시 찾아볼게요.", null, null, Fallback: true));
}
