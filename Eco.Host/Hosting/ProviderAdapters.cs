using Akka.Streams;
using Eco.Streams.Llm;
using Eco.Streams.Llm.Local;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Providers;
using Eco.Streams.Resilience;
using Eco.Streams.Usage;

namespace Eco.Host.Hosting;

/// <summary>The one place a provider's kind picks its adapter: the OpenAI SDK for <c>openai</c>, the offline model for <c>local</c>;
/// each behind its own lane and resilience pipeline. API keys are resolved here, on the node, from the settings' reference.</summary>
internal sealed class ProviderAdapters(LocalChatModel local, IConfiguration configuration, TimeProvider time, Func<IMaterializer> materializer, IModelUsage usage)
    : IProviderAdapters
{
    public IChatModel Create(string name, ProviderSettings settings) =>
        new ResilientChatModel(settings.Kind == "openai" ? new OpenAiChatModel(name, OpenAi(settings)) : local, settings.Limits, time, materializer, usage);

    public Task<string?> ProbeAsync(string name, ProviderSettings settings, CancellationToken cancellationToken) =>
        settings.Kind == "openai" ? OpenAiProbe.ProbeAsync(OpenAi(settings), cancellationToken) : Task.FromResult<string?>(null);

    private OpenAiProviderOptions OpenAi(ProviderSettings settings) => new()
    {
        BaseUrl = settings.BaseUrl!,
        Model = settings.Model!,
        ApiKey = ApiKeyReference.Resolve(settings.ApiKeyRef, key => configuration[key]) ?? "",
        NetworkTimeout = settings.NetworkTimeout,
        Http2 = settings.Http2,
    };
}
