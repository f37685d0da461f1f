using System.Collections.Immutable;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.Chat;
using Eco.Streams.Graph;

namespace Eco.Tests.Unit.Streams;

public sealed class ChatRoutingTests
{
    private sealed class Agent(string name, Intent intent, int priority) : ISubAgent
    {
        public string Name => name;
        public Intent Intent => intent;
        public int Priority => priority;
        public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero);
        public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken) =>
            Task.FromResult(new SubAgentResult(name, $"[{name}]", null, null));
    }

    private static readonly ISubAgent[] Agents =
    [
        new Agent("waste", Intent.Waste, 0), new Agent("collection_point", Intent.CollectionPoint, 0), new Agent("location", Intent.Location, 0),
        new Agent("bulk_waste", Intent.BulkWaste, 0), new Agent("character", Intent.Character, 25), new Agent("general", Intent.General, 25),
        new Agent("web_search", Intent.WebSearch, 25), new Agent("recyclable_price", Intent.RecyclablePrice, 50),
        new Agent("image_generation", Intent.ImageGeneration, 50), new Agent("weather", Intent.Weather, 75),
    ];

    private static readonly RouteStage Router = new(Agents.ToDictionary(a => a.Intent));

    private static RouteOutput Route(Intent primary, double confidence, string message, GeoLocation? location = null, params Intent[] additional) =>
        Router.Route(new ClassifyOutput(primary, confidence, additional, "test"), message, location);

    [Fact]
    public void Route_MultiIntent_FansOutToEachAgentPlusWeatherForWaste()
    {
        var route = Route(Intent.Waste, 0.9, "이 페트병 어떻게 분리해? 근처 수거함도 알려줘", null, Intent.CollectionPoint);
        Assert.Equal(["waste", "collection_point", "weather"], route.Agents);
        Assert.Equal("enrichment: disposal depends on the weather", route.Reasons["weather"]);
    }

    [Fact]
    public void Route_ClassifiedFeeAndDisposalQuestion_RunsBulkWasteAndWasteAgents()
    {
        const string message = "소파 버리는 법이랑 수수료 알려줘 강남구";
        var classification = new KeywordIntentClassifier().Classify(message);

        var route = Route(classification.Primary, classification.Confidence, message, null, [.. classification.Additional]);

        Assert.Equal(["bulk_waste", "waste", "weather"], route.Agents);
    }

    [Fact]
    public void Route_LocationKnown_AddsWeatherExceptForGeneralCharacterWeatherAndImages()
    {
        var seoul = new GeoLocation(37.56, 126.97);
        Assert.Contains("weather", Route(Intent.RecyclablePrice, 0.9, "고철 얼마", seoul).Agents);
        Assert.DoesNotContain("weather", Route(Intent.Character, 0.9, "페티 알려줘", seoul).Agents);
        Assert.DoesNotContain("weather", Route(Intent.ImageGeneration, 0.9, "그려줘", seoul).Agents);
        Assert.Equal(["weather"], Route(Intent.Weather, 0.9, "날씨", seoul).Agents);
    }

    [Theory]
    [InlineData(Intent.General, 0.5, "음…", true)]
    [InlineData(Intent.General, 0.9, "안녕", false)]
    [InlineData(Intent.Waste, 0.9, "올해 바뀐 페트병 정책 알려줘", true)]
    [InlineData(Intent.Waste, 0.9, "페트병 버리는 법", false)]
    [InlineData(Intent.Character, 0.9, "최신 캐릭터", false)]
    public void Route_WebSearchEnrichment_FollowsTheRules(Intent primary, double confidence, string message, bool expected) =>
        Assert.Equal(expected, Route(primary, confidence, message).Agents.Contains("web_search"));

    [Fact]
    public void Aggregate_SiblingsFinishInAnyOrder_MergeOrderIsLamportThenPriorityNotArrival()
    {
        var aggregate = new AggregateStage(Agents.ToDictionary(a => a.Name));
        var route = StageOutputs.Write(new RouteOutput(["weather", "waste", "collection_point"], new Dictionary<string, string>()));
        // All three started together (same Lamport time); they completed weather → collection_point → waste.
        var outputs = ImmutableDictionary<string, string>.Empty
            .Add(ChatStages.Route, route)
            .Add("agent.weather", StageOutputs.Write(new SubAgentResult("weather", "[weather]", null, null)))
            .Add("agent.collection_point", StageOutputs.Write(new SubAgentResult("collection_point", "[collection_point]", null, new NeedsInput("location", "위치를 알려주세요"))))
            .Add("agent.waste", StageOutputs.Write(new SubAgentResult("waste", "[waste]", null, null)));
        var clocks = ImmutableDictionary<string, long>.Empty.Add("agent.weather", 7).Add("agent.collection_point", 7).Add("agent.waste", 7);
        var state = JobState.Empty(JobId.New()) with { StageOutputs = outputs, StageClocks = clocks };

        var merged = aggregate.Merge(state);
        Assert.Equal(["collection_point", "waste", "weather"], merged.Order); // priority 0, 0 (by name), then 75
        Assert.Equal(["[collection_point]", "[waste]", "[weather]"], merged.Sections);
        Assert.Equal("location", Assert.Single(merged.NeedsInput).Type);

        // A sub-agent started later (higher Lamport time) comes after, whatever its priority.
        var later = state with { StageClocks = clocks.SetItem("agent.waste", 9) };
        Assert.Equal(["collection_point", "weather", "waste"], aggregate.Merge(later).Order);
    }

    [Fact]
    public void Aggregate_FailedOpenAgent_IsReportedMissing()
    {
        var aggregate = new AggregateStage(Agents.ToDictionary(a => a.Name));
        var outputs = ImmutableDictionary<string, string>.Empty
            .Add(ChatStages.Route, StageOutputs.Write(new RouteOutput(["waste", "weather"], new Dictionary<string, string>())))
            .Add("agent.waste", StageOutputs.Write(new SubAgentResult("waste", "[waste]", null, null)))
            .Add("agent.weather", JobEventData.FailedOpenOutput("timed out"));
        var merged = aggregate.Merge(JobState.Empty(JobId.New()) with { StageOutputs = outputs });
        Assert.Equal(["weather"], merged.Missing);
        Assert.Equal(["[waste]"], merged.Sections);
    }
}
