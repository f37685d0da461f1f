using System.Text;
using Eco.Actors.Jobs;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Stages;

/// <summary>Streams the answer token by token from the model, grounded in the classify and retrieve outputs.</summary>
public sealed class AnswerStage(IChatModel model) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Answer;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(120), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(500));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var intent = StageOutputs.Read<ClassifyOutput>(run.State, ChatStages.Classify);
        var retrieved = StageOutputs.Read<RetrieveOutput>(run.State, ChatStages.Retrieve);
        var request = new AnswerRequest(run.State.Spec!.Message, intent.ToClassification(), retrieved.Matches);

        // A retried or resumed attempt streams from the start: its stage.started (attempt > 1) tells clients to drop this stage's
        // partial text. Only a completed stage's output is final, and that one is never produced twice.
        var text = new StringBuilder();
        await foreach (var piece in model.StreamAnswerAsync(request, cancellationToken).ConfigureAwait(false))
        {
            text.Append(piece);
            await sink.EmitTokenAsync(piece, cancellationToken).ConfigureAwait(false);
        }
        return StageOutputs.Write(new AnswerOutput(text.ToString(), model.Provider));
    }
}
