using Eco.Actors.Jobs;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>When the conversation is over its token budget, folds the oldest turns into the summary; they leave the working context.</summary>
public sealed class SummarizeStage(IChatModel model, ChatOptions options) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Summarize;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(60), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(500), FailMode.Open);

    /// <summary>Roughly two characters per token for Korean text.</summary>
    public static int EstimateTokens(JobSpec spec) =>
        ((spec.Summary?.Length ?? 0) + spec.History.Sum(t => t.User.Length + t.Assistant.Length) + spec.Message.Length) / 2;

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        if (EstimateTokens(spec) <= options.ContextTokenBudget || spec.History.Count <= options.KeepRecentTurns)
        {
            return StageOutputs.Write(new SummarizeOutput(spec.Summary, spec.History.Count, Summarized: false));
        }
        var old = spec.History.Take(spec.History.Count - options.KeepRecentTurns)
            .SelectMany(t => new[] { ChatTurn.User(t.User), ChatTurn.Assistant(t.Assistant) }).ToList();
        var task = new SummarizeTask(spec.Summary, old);
        var request = new ModelRequest(Prompts.Summarize(task), task, Schema: null, MaxOutputTokens: 400, run.CallKey)
        {
            Observer = ModelNotices.ToSink(sink, cancellationToken),
        };
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return StageOutputs.Write(new SummarizeOutput(reply.Text, options.KeepRecentTurns, Summarized: true));
    }
}
