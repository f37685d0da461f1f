using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>A pipeline as a small DAG: every stage whose dependencies are done is ready, and ready stages run in parallel.</summary>
/// <remarks>
/// Deterministic by construction: readiness and activation read only the journaled state, so a job replayed after a crash takes the
/// same path and never re-runs a stage whose output is journaled (invariant 3). A stage that is inactive for a job counts as done for
/// the stages after it (fan-out: only the sub-agents the router picked run; the merge waits for exactly those).
/// </remarks>
public sealed class StageGraph
{
    private readonly IReadOnlyList<StageNode> _nodes;
    private readonly Dictionary<string, StageNode> _byName;
    private readonly Func<JobState, string> _finish;

    /// <summary>Creates a graph; nodes must be listed after the nodes they depend on.</summary>
    public StageGraph(IReadOnlyList<StageNode> nodes, Func<JobState, string> finish)
    {
        _nodes = nodes;
        _finish = finish;
        _byName = new Dictionary<string, StageNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var dependency in node.DependsOn)
            {
                if (!_byName.ContainsKey(dependency))
                {
                    throw new ArgumentException($"stage '{node.Stage.Name}' depends on '{dependency}', which is not listed before it");
                }
            }
            if (!_byName.TryAdd(node.Stage.Name, node))
            {
                throw new ArgumentException($"stage '{node.Stage.Name}' is listed twice");
            }
        }
    }

    /// <summary>The stages, in dependency order.</summary>
    public IEnumerable<IStage> Stages => _nodes.Select(n => n.Stage);

    /// <summary>Finds a stage by name.</summary>
    public IStage? Find(string name) => _byName.TryGetValue(name, out var node) ? node.Stage : null;

    /// <summary>The ready set, or the job's completion when every active stage is done.</summary>
    public PipelineStep NextStep(JobState state)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal); // not done yet: ready, running, or waiting on something
        var ready = new List<RunStage>();
        foreach (var node in _nodes)
        {
            var name = node.Stage.Name;
            if (state.StageOutputs.ContainsKey(name))
            {
                continue; // done
            }
            if (node.DependsOn.Any(pending.Contains))
            {
                pending.Add(name);
                continue; // waiting
            }
            if (node.When is { } when && !when(state))
            {
                continue; // inactive for this job: done as far as later stages are concerned
            }
            pending.Add(name);
            ready.Add(new RunStage(name, node.Stage.Policy, node.Stage is IPureStage pure ? pure.Compute : null));
        }
        return ready.Count > 0 ? new RunStages(ready) : new CompleteJob(_finish(state));
    }
}
