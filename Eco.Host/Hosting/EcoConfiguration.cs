namespace Eco.Host.Hosting;

/// <summary>The layers of Eco's configuration, later wins: config/eco.json → ECO_CONFIG or --config file → environment
/// (Eco__Section__Key) → command-line flags. A node and the CLI read the same layers, so the CLI finds what the node uses (its
/// data directory, its signing key).</summary>
internal static class EcoConfiguration
{
    public static IConfigurationBuilder AddEcoLayers(this IConfigurationBuilder builder, string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        builder.Sources.Clear();
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "eco.json"), optional: true);
        configFile ??= Environment.GetEnvironmentVariable("ECO_CONFIG");
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(flags);
        return builder;
    }

    /// <summary>The flag that puts the embedded journal (and with it the data directory) in <paramref name="dataDir"/>.</summary>
    public static KeyValuePair<string, string?> DataDirFlag(string dataDir) => new("Eco:Journal:Sqlite:FilePath", Path.Combine(dataDir, "eco.db"));
}
