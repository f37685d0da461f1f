using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Usage;

/// <summary>How often a node journals the provider usage it counted.</summary>
internal sealed class ModelUsageOptions
{
    public const string SectionName = "Eco:Llm:Usage";

    /// <summary>Time between flushes; at most this much is lost if the node dies without a graceful stop. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
