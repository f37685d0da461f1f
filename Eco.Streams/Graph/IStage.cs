using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>One step of a pipeline: reads journaled outputs of earlier stages, returns its own output as JSON.</summary>
public interface IStage
{
    /// <summary>The stage's name, as it appears in events.</summary>
    string Name { get; }

    /// <summary>Timeout and retry rules for this stage.</summary>
    StagePolicy Policy { get; }

    /// <summary>Runs one attempt.</summary>
    Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken);
}
