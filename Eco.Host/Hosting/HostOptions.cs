using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Hosting;

/// <summary>Limits of the node's public API.</summary>
internal sealed class ApiOptions
{
    public const string SectionName = "Eco:Api";

    /// <summary>Longest chat message in characters. Default 4,000.</summary>
    [Range(1, 100_000)]
    public int MaxMessageChars { get; set; } = 4_000;

    /// <summary>Largest request body in bytes. Default 64 KiB.</summary>
    [Range(1_024, 10_485_760)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Live events buffered per WebSocket client before it falls back to reading the journal. Default 1,024.</summary>
    [Range(1, 1_000_000)]
    public int WatchBufferEvents { get; set; } = 1_024;
}
