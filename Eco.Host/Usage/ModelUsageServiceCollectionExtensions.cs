using Eco.Streams.Usage;

namespace Eco.Host.Usage;

/// <summary>Registers the node's usage recorder (journaled every <see cref="ModelUsageOptions.FlushInterval"/>) and its reader.</summary>
internal static class ModelUsageServiceCollectionExtensions
{
    /// <remarks>Register before the actor system: hosted services stop in reverse order, so the last flush comes after the jobs
    /// have stopped calling models.</remarks>
    public static IServiceCollection AddEcoModelUsage(this IServiceCollection services)
    {
        services.AddOptions<ModelUsageOptions>().BindConfiguration(ModelUsageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JournalModelUsage>();
        services.AddSingleton<IModelUsage>(sp => sp.GetRequiredService<JournalModelUsage>());
        services.AddHostedService(sp => sp.GetRequiredService<JournalModelUsage>());
        services.AddSingleton<ProviderUsageReader>();
        return services;
    }
}
