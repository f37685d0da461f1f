using Eco.Actors.Jobs;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat;

/// <summary>A specialist that answers one intent: each runs as its own stage, in parallel with the others, under its own policy.</summary>
public interface ISubAgent
{
    /// <summary>Name, e.g. <c>waste</c>; its stage is <c>agent.{Name}</c>.</summary>
    string Name { get; }

    /// <summary>The intent it serves.</summary>
    Intent Intent { get; }

    /// <summary>Merge priority among siblings started together: lower comes first.</summary>
    int Priority { get; }

    /// <summary>Timeout, retries and fail mode of its stage.</summary>
    StagePolicy Policy { get; }

    /// <summary>Failures in a row that open its breaker.</summary>
    int BreakerThreshold => 5;

    /// <summary>Produces this agent's part of the answer.</summary>
    Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken);

    /// <summary>The fallback path (fail mode FALLBACK): a cheaper, more reliable answer, honest about what is missing.</summary>
    Task<SubAgentResult> FallbackAsync(SubAgentInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SubAgentResult(Name, "", null, null, Fallback: true));
}
