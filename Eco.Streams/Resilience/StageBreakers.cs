using System.Collections.Concurrent;
using Eco.Actors.Jobs;
using Eco.Streams.Graph;
using Eco.Streams.Llm;
using Polly;
using Polly.CircuitBreaker;

namespace Eco.Streams.Resilience;

/// <summary>One circuit breaker per stage name on this node, shared by every job: a sub-agent that keeps failing is skipped fast.</summary>
/// <remarks>While a stage's breaker is open its runs fail at once with <see cref="StageUnavailableException"/>, so the entity applies the
/// stage's fail mode without retrying. After the break one trial run is let through (half-open).</remarks>
public sealed class StageBreakers(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ResiliencePipeline Pipeline, CircuitBreakerStateProvider State)> _breakers = new();

    /// <summary>The breaker state of a stage (Closed when it never ran).</summary>
    public CircuitState StateOf(string stage) => _breakers.TryGetValue(stage, out var b) ? b.State.CircuitState : CircuitState.Closed;

    /// <summary>Runs the stage behind its breaker.</summary>
    public async Task<string> ExecuteAsync(IStage stage, Func<CancellationToken, Task<string>> run, CancellationToken cancellationToken)
    {
        var breaker = _breakers.GetOrAdd(stage.Name, _ => Build(stage.BreakerThreshold));
        try
        {
            return await breaker.Pipeline.ExecuteAsync(async token => await run(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new StageUnavailableException($"'{stage.Name}' is failing repeatedly; its circuit is open", ex);
        }
    }

    private (ResiliencePipeline, CircuitBreakerStateProvider) Build(int threshold)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Neither the caller's own cancellation nor a call refused because this node lost the job's shard is the stage's
                // fault: a burst of refusals when a lease lapses must not open the circuit for every job the node runs next.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not (OperationCanceledException or ModelCallRevokedException)),
                FailureRatio = 1.0,
                MinimumThroughput = threshold,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(30),
                StateProvider = state,
            })
            .Build();
        return (pipeline, state);
    }
}
