using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Streams.Graph;

namespace Eco.Streams.Chat;

/// <summary>Runs one sub-agent as a stage (<c>agent.{name}</c>); journals its result, and asks for missing context.</summary>
public sealed class SubAgentStage(ISubAgent agent) : IStage
{
    /// <summary>The agent behind the stage.</summary>
    public ISubAgent Agent => agent;

    /// <inheritdoc />
    public string Name => ChatStages.AgentPrefix + agent.Name;

    /// <inheritdoc />
    public StagePolicy Policy => agent.Policy;

    /// <inheritdoc />
    public int BreakerThreshold => agent.BreakerThreshold;

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var intent = StageOutputs.Read<ClassifyOutput>(run.State, ChatStages.Classify);
        var input = new SubAgentInput(ChatHistory.Question(run.State), intent, ChatHistory.Location(run.State), intent.Intent == agent.Intent, run, sink);
        var result = run.IsFallback
            ? await agent.FallbackAsync(input, cancellationToken).ConfigureAwait(false)
            : await agent.RunAsync(input, cancellationToken).ConfigureAwait(false);
        if (result.NeedsInput is { } needs)
        {
            await sink.EmitEventAsync("needs_input", JsonSerializer.Serialize(new { agent = agent.Name, type = needs.Type, message = needs.Message }, StreamsJson.Options),
                cancellationToken).ConfigureAwait(false);
        }
        return StageOutputs.Write(result);
    }
}
