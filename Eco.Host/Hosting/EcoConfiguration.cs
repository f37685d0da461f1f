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

    /// <summary>Adds the flag that puts the embedded journal (and with it the data directory) in <paramref name="dataDir"/>, if given.</summary>
    public static Dictionary<string, string?> WithDataDir(this Dictionary<string, string?> flags, string? dataDir)
    {
        if (dataDir is not null)
        {
            flags["Eco:Journal:Sqlite:FilePath"] = Path.Combine(dataDir, "eco.db");
        }
        return flags;
    }

    /// <summary>The configuration a node with this data directory and file would read, for the CLI (to find the node's key).</summary>
    public static IConfiguration ForNodeAt(string? dataDir, string? configFile = null) =>
        new ConfigurationBuilder().AddEcoLayers(configFile, new Dictionary<string, string?>().WithDataDir(dataDir)).Build();
}
