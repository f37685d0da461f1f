using System.Text;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.External;

namespace Eco.Streams.Chat.Agents;

/// <summary>Current information (news, policy) from a web search service; says plainly when none is configured.</summary>
public sealed class WebSearchAgent(IWebSearch search) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "web_search";
    /// <inheritdoc />
    public Intent Intent => Intent.WebSearch;
    /// <inheritdoc />
    public int Priority => AgentPolicies.High;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.WebSearch;

    /// <inheritdoc />
    public async Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        if (!search.IsConfigured)
        {
            // As enrichment it stays quiet; asked directly, it says why it cannot answer.
            return new SubAgentResult(Name, input.IsPrimary ? "웹 검색 서비스가 설정되어 있지 않아서 최신 뉴스나 정책은 찾아드릴 수 없어요." : "", null, null);
        }
        var hits = await search.SearchAsync(input.Message, 3, cancellationToken).ConfigureAwait(false);
        if (hits.Count == 0)
        {
            return new SubAgentResult(Name, input.IsPrimary ? "검색해 봤지만 관련된 최신 자료를 찾지 못했어요." : "", null, null);
        }
        var text = new StringBuilder("검색해 보니 이런 자료가 있어요.");
        foreach (var hit in hits)
        {
            text.Append("\n- ").Append(hit.Title).Append(": ").Append(hit.Snippet).Append(" (").Append(hit.Url).Append(')');
        }
        return new SubAgentResult(Name, text.ToString(), JsonSerializer.SerializeToElement(new { hits }, StreamsJson.Options), null);
    }

    /// <inheritdoc />
    public Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, input.IsPrimary ? "지금은 검색 서비스에 연결할 수 없어서 최신 정보를 확인하지 못했어요." : "", null, null, Fallback: true));
}
