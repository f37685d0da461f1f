using Eco.Actors.Jobs;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat.Agents;

/// <summary>Small talk and general eco questions: nothing to fetch; the answer model replies in the persona.</summary>
public sealed class GeneralAgent : ISubAgent
{
    /// <inheritdoc />
    public string Name => "general";
    /// <inheritdoc />
    public Intent Intent => Intent.General;
    /// <inheritdoc />
    public int Priority => AgentPolicies.High;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.General;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "", null, null));
}
