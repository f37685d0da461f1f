using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>A pipeline that runs its stages in order; the first stage without a journaled output is next.</summary>
/// <param name="Stages">The stages, in order.</param>
/// <param name="Finish">Builds the final answer from the journaled outputs once every stage is done.</param>
public sealed record LinearPipeline(IReadOnlyList<IStage> Stages, Func<JobState, string> Finish)
{
    /// <summary>The next step for the job.</summary>
    public PipelineStep NextStep(JobState state)
    {
        foreach (var stage in Stages)
        {
            if (!state.StageOutputs.ContainsKey(stage.Name))
            {
                return new RunStage(stage.Name, stage.Policy);
            }
        }
        return new CompleteJob(Finish(state));
    }

    /// <summary>Finds a stage by name.</summary>
    public IStage? Find(string name)
    {
        foreach (var stage in Stages)
        {
            if (stage.Name == name)
            {
                return stage;
            }
        }
        return null;
    }
}
