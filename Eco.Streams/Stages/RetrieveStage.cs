using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Agents.Waste;
using Eco.Streams.Graph;

namespace Eco.Streams.Stages;

/// <summary>Finds the disposal guides that match the message (only when a waste intent was classified).</summary>
public sealed class RetrieveStage(WasteRetriever retriever) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Retrieve;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), MaxAttempts: 3, RetryBackoff: TimeSpan.FromMilliseconds(200));

    /// <inheritdoc />
    public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var intent = StageOutputs.Read<ClassifyOutput>(run.State, ChatStages.Classify);
        var wantsWaste = intent.Intent == Intent.Waste || intent.Additional.Contains(Intent.Waste);
        IReadOnlyList<WasteMatch> matches = wantsWaste ? retriever.Search(run.State.Spec!.Message) : [];
        return Task.FromResult(StageOutputs.Write(new RetrieveOutput(matches)));
    }
}
