using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Usage;

/// <summary>How often a node journals the provider usage it counted, and how long the journal keeps it.</summary>
internal sealed class ModelUsageOptions
{
    public const string SectionName = "Eco:Llm:Usage";

    /// <summary>Time between flushes; at most this much is lost if the node dies without a graceful stop. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Flushes older than this are deleted from the journal (checked at most hourly by each node). Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
