using Eco.Actors.Jobs;
using Eco.Streams.Chat.Conversations;
using Eco.Streams.Graph;

namespace Eco.Streams.Chat;

/// <summary>Takes the job's turn in its conversation and journals the working context (recent turns + summary) it answers with.</summary>
/// <remarks>Journaling the context makes the job deterministic on replay: it sees the same history after a crash, even if the
/// conversation moved on.</remarks>
public sealed class ContextStage(IConversationTurns turns) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Context;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromMinutes(10), MaxAttempts: 1, RetryBackoff: TimeSpan.Zero, FailMode.Close);

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        var policy = Enum.TryParse<BusyPolicy>(spec.BusyPolicy, ignoreCase: true, out var p) ? p : BusyPolicy.Enqueue;
        var grant = await turns.AcquireAsync(spec.ConversationId!, run.State.JobId, spec.Message, policy, cancellationToken).ConfigureAwait(false);
        if (!grant.Granted)
        {
            throw new StageUnavailableException($"conversation busy: {grant.Refusal}");
        }
        return StageOutputs.Write(new ContextOutput(grant.History, grant.Summary, grant.Subject is { IsEmpty: false } ? grant.Subject : null, grant.Location));
    }
}
