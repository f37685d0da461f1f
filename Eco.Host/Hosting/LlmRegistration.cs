using Akka.Actor;
using Akka.Streams;
using Eco.Host.Usage;
using Eco.Streams.Llm;
using Eco.Streams.Llm.Local;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Resilience;
using Eco.Streams.Usage;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Builds the provider chain from configuration: each provider behind its own lane and resilience pipeline.</summary>
internal static class LlmRegistration
{
    public static IServiceCollection AddEcoModels(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddEcoModelUsage();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.EffectiveChain.Select(name =>
            {
                var provider = options.Providers[name];
                IChatModel inner = provider.Kind == "openai"
                    ? new OpenAiChatModel(name, provider.OpenAi)
                    : sp.GetRequiredService<LocalChatModel>();
                return new ResilientChatModel(inner, provider.Limits, time, () => sp.GetRequiredService<ActorSystem>().Materializer(),
                    sp.GetRequiredService<IModelUsage>());
            }).ToList();
        });
        services.AddSingleton<IChatModel>(sp => new FallbackChatModel([.. sp.GetRequiredService<List<ResilientChatModel>>()],
            sp.GetRequiredService<IModelUsage>()));
        return services;
    }
}
