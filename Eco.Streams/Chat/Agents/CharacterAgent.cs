using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Characters;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat.Agents;

/// <summary>The 13 characters: who they are and which recyclables earn them.</summary>
public sealed class CharacterAgent(CharacterCatalog characters) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "character";
    /// <inheritdoc />
    public Intent Intent => Intent.Character;
    /// <inheritdoc />
    public int Priority => AgentPolicies.High;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.Character;
    /// <inheritdoc />
    public int BreakerThreshold => 3;

    /// <inheritdoc />
    public Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        var found = characters.Find(input.Message);
        var section = found?.ToKorean() ?? characters.ToKoreanOverview();
        return Task.FromResult(new SubAgentResult(Name, section, found is null ? null : JsonSerializer.SerializeToElement(new { found.Code, found.Name }, StreamsJson.Options), null));
    }
}
