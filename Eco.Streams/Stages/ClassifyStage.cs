using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.Graph;

namespace Eco.Streams.Stages;

/// <summary>Classifies the message into intents.</summary>
public sealed class ClassifyStage(KeywordIntentClassifier classifier) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Classify;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), MaxAttempts: 3, RetryBackoff: TimeSpan.FromMilliseconds(200));

    /// <inheritdoc />
    public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var result = classifier.Classify(run.State.Spec!.Message);
        return Task.FromResult(StageOutputs.Write(new ClassifyOutput(result.Primary, result.Confidence, result.Additional)));
    }
}
