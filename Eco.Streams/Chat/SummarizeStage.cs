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
    public static int EstimateTokens(string? summary, IReadOnlyList<ConversationTurn> history, string message) =>
        ((summary?.Length ?? 0) + history.Sum(t => t.User.Length + t.Assistant.Length) + message.Length) / 2;

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var history = ChatHistory.Turns(run.State);
        var summary = ChatHistory.Summary(run.State);
        if (EstimateTokens(summary, history, run.State.Spec!.Message) <= options.ContextTokenBudget || history.Count <= options.KeepRecentTurns)
        {
            return StageOutputs.Write(new SummarizeOutput(summary, history.Count, Summarized: false));
        }
        var old = ChatHistory.Messages(history.Take(history.Count - options.KeepRecentTurns)).ToList();
        var task = new SummarizeTask(summary, old);
        var request = new ModelRequest(Prompts.Summarize(task), task, Schema: null, MaxOutputTokens: 400, run.CallKey)
            .MadeBy(sink, cancellationToken);
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return StageOutputs.Write(new SummarizeOutput(reply.Text, options.KeepRecentTurns, Summarized: true));
    }
}
