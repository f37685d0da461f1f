using Akka.Actor;
using Akka.Streams;
using Eco.Host.Usage;
using Eco.Streams.Llm;
using Eco.Streams.Llm.Local;
using Eco.Streams.Providers;
using Eco.Streams.Usage;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>The model every stage calls: this node's <see cref="ProviderDirectory"/>, which follows the provider registry and
/// starts from the providers and chain in configuration.</summary>
internal static class LlmRegistration
{
    public static IServiceCollection AddEcoModels(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddEcoModelUsage();
        services.AddOptions<ProviderRegistryOptions>().BindConfiguration(ProviderRegistryOptions.SectionName);
        services.AddSingleton<IProviderAdapters>(sp => new ProviderAdapters(sp.GetRequiredService<LocalChatModel>(), sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<TimeProvider>(), () => sp.GetRequiredService<ActorSystem>().Materializer(), sp.GetRequiredService<IModelUsage>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var configured = ProviderRegistryState.FromConfiguration(options.ConfiguredProviders(), options.ConfiguredChain, sp.GetRequiredService<TimeProvider>().GetUtcNow());
            return new ProviderDirectory(configured, sp.GetRequiredService<IProviderAdapters>(), sp.GetRequiredService<IModelUsage>());
        });
        services.AddSingleton<IChatModel>(sp => sp.GetRequiredService<ProviderDirectory>());
        return services;
    }
}
