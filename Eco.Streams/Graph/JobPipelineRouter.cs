using Eco.Actors.Jobs;
using Eco.Streams.Resilience;

namespace Eco.Streams.Graph;

/// <summary>The <see cref="IJobPipeline"/> of a node: picks the graph by job kind and runs each stage behind its breaker.</summary>
public sealed class JobPipelineRouter(IReadOnlyDictionary<string, StageGraph> graphs, StageBreakers breakers) : IJobPipeline
{
    /// <summary>Job kinds this node can run.</summary>
    public IEnumerable<string> Kinds => graphs.Keys;

    /// <inheritdoc />
    public PipelineStep NextStep(JobState state)
    {
        var kind = state.Spec?.Kind ?? "";
        return graphs.TryGetValue(kind, out var graph) ? graph.NextStep(state) : new FailJob($"no pipeline for job kind '{kind}'");
    }

    /// <inheritdoc />
    public Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var kind = run.State.Spec?.Kind ?? "";
        var stage = graphs.TryGetValue(kind, out var graph) ? graph.Find(run.Stage) : null;
        if (stage is null)
        {
            throw new InvalidOperationException($"job kind '{kind}' has no stage '{run.Stage}'");
        }
        return run.IsFallback
            ? stage.RunAsync(run, sink, cancellationToken) // a fallback is the way around a failing dependency: not behind its breaker
            : breakers.ExecuteAsync(stage, token => stage.RunAsync(run, sink, token), cancellationToken);
    }
}
