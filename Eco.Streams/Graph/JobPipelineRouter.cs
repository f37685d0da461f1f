using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>The <see cref="IJobPipeline"/> of a node: picks the pipeline for each job by its kind.</summary>
public sealed class JobPipelineRouter(IReadOnlyDictionary<string, LinearPipeline> pipelines) : IJobPipeline
{
    /// <summary>Job kinds this node can run.</summary>
    public IReadOnlyCollection<string> Kinds => (IReadOnlyCollection<string>)pipelines.Keys;

    /// <inheritdoc />
    public PipelineStep NextStep(JobState state)
    {
        var kind = state.Spec?.Kind ?? "";
        return pipelines.TryGetValue(kind, out var pipeline)
            ? pipeline.NextStep(state)
            : new FailJob($"no pipeline for job kind '{kind}'");
    }

    /// <inheritdoc />
    public Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var kind = run.State.Spec?.Kind ?? "";
        var stage = pipelines.TryGetValue(kind, out var pipeline) ? pipeline.Find(run.Stage) : null;
        return stage is null
            ? throw new InvalidOperationException($"job kind '{kind}' has no stage '{run.Stage}'")
            : stage.RunAsync(run, sink, cancellationToken);
    }
}
