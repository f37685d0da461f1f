using System.Collections.Immutable;
using Eco.Actors.Jobs;
using Eco.Streams.Graph;

namespace Eco.Tests.Unit.Streams;

public sealed class StageGraphTests
{
    private sealed class Named(string name) : IStage
    {
        public string Name => name;
        public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero);
        public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken) => Task.FromResult("{}");
    }

    private static StageGraph Diamond() => new(
    [
        new StageNode(new Named("a"), []),
        new StageNode(new Named("b"), ["a"]),
        new StageNode(new Named("c"), ["a"], state => state.StageOutputs.ContainsKey("flag")),
        new StageNode(new Named("d"), ["b", "c"]),
    ], _ => "done");

    private static JobState Done(params string[] stages) =>
        JobState.Empty(JobId.New()) with { StageOutputs = stages.ToImmutableDictionary(s => s, _ => "{}") };

    private static string[] Ready(PipelineStep step) => step is RunStages r ? [.. r.Stages.Select(s => s.Stage)] : [];

    [Fact]
    public void NextStep_FollowsDependenciesAndRunsSiblingsTogether()
    {
        var graph = Diamond();
        Assert.Equal(["a"], Ready(graph.NextStep(Done())));
        Assert.Equal(["b", "c"], Ready(graph.NextStep(Done("a", "flag"))));
        Assert.Equal(["c"], Ready(graph.NextStep(Done("a", "b", "flag"))));
        Assert.Equal(["d"], Ready(graph.NextStep(Done("a", "b", "c", "flag"))));
        Assert.Equal("done", Assert.IsType<CompleteJob>(graph.NextStep(Done("a", "b", "c", "d", "flag"))).Answer);
    }

    [Fact]
    public void NextStep_InactiveStage_CountsAsDoneForItsDependents()
    {
        var graph = Diamond();
        Assert.Equal(["b"], Ready(graph.NextStep(Done("a")))); // c is inactive without the flag
        Assert.Equal(["d"], Ready(graph.NextStep(Done("a", "b"))));
    }

    [Fact]
    public void Constructor_DependencyNotListedFirst_Throws()
    {
        Assert.Throws<ArgumentException>(() => new StageGraph([new StageNode(new Named("b"), ["a"]), new StageNode(new Named("a"), [])], _ => ""));
        Assert.Throws<ArgumentException>(() => new StageGraph([new StageNode(new Named("a"), []), new StageNode(new Named("a"), [])], _ => ""));
    }
}
