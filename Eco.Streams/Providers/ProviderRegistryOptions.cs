namespace Eco.Streams.Providers;

/// <summary>How the provider registry watches its providers and how nodes follow it (<c>Eco:Llm:Registry</c>).</summary>
public sealed class ProviderRegistryOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Eco:Llm:Registry";

    /// <summary>How often each provider is probed. Default 15 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one probe may take before it counts as failed. Default 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a node asks the registry for its state, beside the changes pushed to it (a safety net). Default 10 s.</summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(10);
}
