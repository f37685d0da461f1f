using Eco.Actors.Journal;
using Eco.Agents.Answers;
using Eco.Agents.BulkWaste;
using Eco.Agents.Characters;
using Eco.Agents.CollectionPoints;
using Eco.Agents.Places;
using Eco.Agents.Prices;
using Eco.Agents.Rewards;
using Eco.Agents.Waste;
using Eco.Agents.Weather;
using Eco.Streams.Chat;
using Eco.Streams.Chat.Agents;
using Eco.Streams.External;
using Eco.Streams.External.Http;
using Eco.Streams.External.Offline;
using Eco.Streams.Scan;

namespace Eco.Host.Hosting;

/// <summary>Registers the ten sub-agents and chooses each outside service's adapter: HTTP when configured, offline otherwise.</summary>
internal static class SubAgentRegistration
{
    public static IServiceCollection AddEcoSubAgents(this IServiceCollection services)
    {
        services.AddSingleton(_ => CharacterCatalog.LoadEmbedded());
        services.AddSingleton(_ => PlaceDirectory.LoadEmbedded());
        services.AddSingleton(_ => RecyclablePriceTable.LoadEmbedded());
        services.AddSingleton(_ => BulkWasteGuide.LoadEmbedded());
        services.AddSingleton(sp => new CollectionPointGuide(sp.GetRequiredService<PlaceDirectory>()));
        services.AddSingleton(sp => new WeatherTips(sp.GetRequiredService<WasteRetriever>()));
        services.AddSingleton(sp => new RewardRules(sp.GetRequiredService<CharacterCatalog>()));
        services.AddSingleton(sp => new CharacterOwnership(sp.GetRequiredService<IJournal>(), sp.GetRequiredService<TimeProvider>()));

        AddService<IWeatherService, HttpWeatherService, OfflineWeatherService>(services, "Weather", http => new HttpWeatherService(http));
        AddService<IWebSearch, HttpWebSearch, OfflineWebSearch>(services, "WebSearch", http => new HttpWebSearch(http));
        AddService<IImageGenerator, HttpImageGenerator, OfflineImageGenerator>(services, "ImageGeneration", http => new HttpImageGenerator(http));

        services.AddSingleton<ISubAgent>(sp => new WasteAgent(sp.GetRequiredService<WasteRetriever>(), sp.GetRequiredService<WasteCatalog>(), sp.GetRequiredService<LocalAnswerWriter>()));
        services.AddSingleton<ISubAgent>(sp => new CharacterAgent(sp.GetRequiredService<CharacterCatalog>()));
        services.AddSingleton<ISubAgent>(sp => new LocationAgent(sp.GetRequiredService<PlaceDirectory>()));
        services.AddSingleton<ISubAgent>(sp => new CollectionPointAgent(sp.GetRequiredService<CollectionPointGuide>()));
        services.AddSingleton<ISubAgent>(sp => new BulkWasteAgent(sp.GetRequiredService<BulkWasteGuide>()));
        services.AddSingleton<ISubAgent>(sp => new RecyclablePriceAgent(sp.GetRequiredService<RecyclablePriceTable>()));
        services.AddSingleton<ISubAgent>(sp => new WeatherAgent(sp.GetRequiredService<IWeatherService>(), sp.GetRequiredService<WeatherTips>()));
        services.AddSingleton<ISubAgent>(sp => new WebSearchAgent(sp.GetRequiredService<IWebSearch>()));
        services.AddSingleton<ISubAgent>(sp => new ImageGenerationAgent(sp.GetRequiredService<IImageGenerator>()));
        services.AddSingleton<ISubAgent, GeneralAgent>();
        return services;
    }

    /// <summary>Binds <c>Eco:Services:{name}</c>; a base URL selects the HTTP adapter, none the offline one.</summary>
    private static void AddService<TPort, THttp, TOffline>(IServiceCollection services, string name, Func<HttpClient, THttp> http)
        where TPort : class where THttp : TPort where TOffline : TPort, new()
    {
        services.AddOptions<ExternalServiceOptions>(name).BindConfiguration($"Eco:Services:{name}");
        services.AddHttpClient(name);
        services.AddSingleton<TPort>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ExternalServiceOptions>>().Get(name);
            if (!options.IsConfigured)
            {
                return new TOffline();
            }
            var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(name);
            client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            client.Timeout = options.Timeout;
            if (options.ApiKey.Length > 0)
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.ApiKey);
            }
            return http(client);
        });
    }
}
