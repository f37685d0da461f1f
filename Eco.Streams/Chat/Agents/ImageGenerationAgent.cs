using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.External;

namespace Eco.Streams.Chat.Agents;

/// <summary>Draws an infographic or character picture through an image service; says so when none is configured.</summary>
public sealed class ImageGenerationAgent(IImageGenerator images) : ISubAgent
{
    /// <inheritdoc />
    public string Name => "image_generation";
    /// <inheritdoc />
    public Intent Intent => Intent.ImageGeneration;
    /// <inheritdoc />
    public int Priority => AgentPolicies.Normal;
    /// <inheritdoc />
    public StagePolicy Policy => AgentPolicies.ImageGeneration;
    /// <inheritdoc />
    public int BreakerThreshold => 3;

    /// <inheritdoc />
    public async Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
    {
        if (!images.IsConfigured)
        {
            return new SubAgentResult(Name, "이미지 생성 서비스가 설정되어 있지 않아서 그림은 그려드릴 수 없어요.", null, null);
        }
        var url = await images.GenerateAsync(input.Message, cancellationToken).ConfigureAwait(false);
        return new SubAgentResult(Name, $"그림을 만들었어요: {url}", JsonSerializer.SerializeToElement(new { url }, StreamsJson.Options), null);
    }
}
