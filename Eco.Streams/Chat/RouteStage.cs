using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.Graph;

namespace Eco.Streams.Chat;

/// <summary>Picks the sub-agents for a message: one per intent, plus the enrichment rules. Pure rules over journaled input.</summary>
/// <remarks>
/// Enrichment (from the reference system, kept): waste and bulk-waste questions also get weather tips; when the user's location is
/// known, weather joins any intent but weather, general and character (not when the primary is image generation); web search joins a
/// low-confidence general question, or any non-general one that asks for something current (최신, 뉴스, 정책, 올해 …), except when the
/// primary is web search, character or image generation.
/// </remarks>
public sealed class RouteStage(IReadOnlyDictionary<Intent, ISubAgent> agents) : IPureStage
{
    private const double LowConfidence = 0.75;

    private static readonly string[] CurrentAffairsWords =
    [
        "최신", "최근", "올해", "작년", "지난달", "현재", "요즘", "오늘", "어제", "이번주", "2024", "2025", "2026", "뉴스", "정책", "규제",
        "발표", "공지", "트렌드", "업데이트", "검색", "찾아봐", "알아봐", "순위", "랭킹",
    ];

    /// <inheritdoc />
    public string Name => ChatStages.Route;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(5), MaxAttempts: 1, RetryBackoff: TimeSpan.Zero);

    /// <inheritdoc />
    public string Compute(JobState state) =>
        StageOutputs.Write(Route(StageOutputs.Read<ClassifyOutput>(state, ChatStages.Classify), ChatHistory.Question(state), ChatHistory.Location(state)));

    /// <summary>The routing decision for a classified question, given where the user is (if known).</summary>
    public RouteOutput Route(ClassifyOutput intent, string question, GeoLocation? location)
    {
        var chosen = new List<string>();
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(Intent i, string reason)
        {
            if (agents.TryGetValue(i, out var agent) && !reasons.ContainsKey(agent.Name))
            {
                chosen.Add(agent.Name);
                reasons[agent.Name] = reason;
            }
        }

        Add(intent.Intent, "primary intent");
        foreach (var extra in intent.Additional)
        {
            Add(extra, "additional intent");
        }
        if (intent.All.Any(i => i is Intent.Waste or Intent.BulkWaste))
        {
            Add(Intent.Weather, "enrichment: disposal depends on the weather");
        }
        if (location is not null && intent.Intent is not (Intent.Weather or Intent.General or Intent.Character or Intent.ImageGeneration))
        {
            Add(Intent.Weather, "enrichment: location known");
        }
        var asksForCurrent = CurrentAffairsWords.Any(w => question.Contains(w, StringComparison.OrdinalIgnoreCase));
        if (intent.Intent is not (Intent.WebSearch or Intent.Character or Intent.ImageGeneration) &&
            ((intent.Intent == Intent.General && intent.Confidence < LowConfidence) || (intent.Intent != Intent.General && asksForCurrent)))
        {
            Add(Intent.WebSearch, intent.Intent == Intent.General ? "enrichment: low-confidence general question" : "enrichment: asks for current information");
        }
        return new RouteOutput(chosen, reasons);
    }
}
