using Eco.Actors.Jobs;
using Eco.Agents.Rewards;
using Eco.Streams.Graph;

namespace Eco.Streams.Scan;

/// <summary>Grants a character for correctly prepared recyclables, once per user (<see cref="CharacterOwnership"/>); its journaled
/// output is the grant, so a job can never grant twice.</summary>
public sealed class RewardStage(RewardRules rewards, CharacterOwnership ownership) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Reward;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), MaxAttempts: 3, RetryBackoff: TimeSpan.FromMilliseconds(200));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var classification = ScanGraph.Classification(run.State);
        var rule = StageOutputs.Read<RuleOutput>(run.State, ScanGraph.Rule);
        var decision = rewards.Evaluate(classification, rule.GuideId is not null, rewards.Insufficiencies(classification));
        // A job with no owner (authentication off) has no collection to keep: every eligible scan says the character was made.
        if (decision is { Eligible: true, Character: { } character } && run.State.Spec?.Owner is { } owner
            && !await ownership.GrantAsync(owner, character.Name, run.State.JobId, cancellationToken).ConfigureAwait(false))
        {
            decision = decision.AsAlreadyOwned();
        }
        return StageOutputs.Write(new RewardOutput(decision.Eligible, decision.Status.ToString(), decision.Character?.Name, decision.ToKorean(), decision.AlreadyOwned));
    }
}
