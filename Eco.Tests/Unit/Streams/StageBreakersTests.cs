using Eco.Actors.Jobs;
using Eco.Streams.Graph;
using Eco.Streams.Llm;
using Eco.Streams.Resilience;
using Polly.CircuitBreaker;

namespace Eco.Tests.Unit.Streams;

/// <summary>A stage's circuit opens on the stage's own failures, not on calls refused because the node lost the job's shard.</summary>
public sealed class StageBreakersTests
{
    private sealed class ThrowingStage(Func<Exception> fault) : IStage
    {
        public string Name => "answer";
        public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), 1, TimeSpan.Zero);
        public int BreakerThreshold => 3;
        public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken) => Task.FromException<string>(fault());
    }

    private static async Task<Exception> RunAsync(StageBreakers breakers, IStage stage) =>
        await Assert.ThrowsAnyAsync<Exception>(() => breakers.ExecuteAsync(stage, ct => stage.RunAsync(null!, null!, ct), default));

    [Fact]
    public async Task StageFailingAgainAndAgain_OpensItsCircuit_AndTheNextRunFailsFast()
    {
        var breakers = new StageBreakers(TimeProvider.System);
        var stage = new ThrowingStage(() => new InvalidOperationException("provider down"));
        for (var i = 0; i < stage.BreakerThreshold; i++)
        {
            Assert.IsType<InvalidOperationException>(await RunAsync(breakers, stage));
        }
        Assert.Equal(CircuitState.Open, breakers.StateOf("answer"));
        var refused = Assert.IsType<StageUnavailableException>(await RunAsync(breakers, stage));
        Assert.Contains("circuit is open", refused.Message);
    }

    [Fact]
    public async Task CallsRefusedBecauseTheNodeLostTheShard_DoNotOpenTheCircuit()
    {
        var breakers = new StageBreakers(TimeProvider.System);
        var stage = new ThrowingStage(() => new ModelCallRevokedException("job:answer"));
        for (var i = 0; i < stage.BreakerThreshold * 4; i++)
        {
            Assert.IsType<ModelCallRevokedException>(await RunAsync(breakers, stage));
        }
        Assert.Equal(CircuitState.Closed, breakers.StateOf("answer"));
    }

    [Fact]
    public async Task A_providers_open_circuit_is_reported_as_the_providers_not_as_the_stages()
    {
        var breakers = new StageBreakers(TimeProvider.System);
        var stage = new ThrowingStage(() => new ProviderUnavailableException("remote", new BrokenCircuitException()));
        var failure = Assert.IsType<ProviderUnavailableException>(await RunAsync(breakers, stage));
        Assert.Contains("provider 'remote'", failure.Message);
        Assert.DoesNotContain("'answer'", failure.Message);
        Assert.Equal(CircuitState.Closed, breakers.StateOf("answer")); // one failure: the stage's own circuit is still closed
    }
}
