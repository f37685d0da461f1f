using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>One step of a pipeline: reads journaled outputs of earlier stages, returns its own output as JSON.</summary>
public interface IStage
{
    /// <summary>The stage's name, as it appears in events.</summary>
    string Name { get; }

    /// <summary>Timeout, retry and fail-mode rules for this stage.</summary>
    StagePolicy Policy { get; }

    /// <summary>Failures in a row (within a minute) that open this stage's circuit breaker on a node. Default 5.</summary>
    int BreakerThreshold => 5;

    /// <summary>Runs one attempt.</summary>
    Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken);
}
