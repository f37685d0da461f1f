using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Hosting;

/// <summary>Photos uploaded for scans.</summary>
internal sealed class ImageOptions
{
    public const string SectionName = "Eco:Images";

    /// <summary>Largest photo in bytes. Default 10 MiB (a phone's photo; a vision model looks at it at low detail anyway).</summary>
    [Range(1_024, 26_214_400)] // under Kestrel's own 30 MB limit on a request body
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The embedded node's image file. Default: <c>images.db</c> beside the journal's file. (A PostgreSQL node keeps
    /// photos in the journal's database.)</summary>
    public string? FilePath { get; set; }
}
