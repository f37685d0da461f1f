using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Hosting;

/// <summary>Photos uploaded for scans.</summary>
internal sealed class ImageOptions
{
    public const string SectionName = "Eco:Images";

    /// <summary>Largest photo in bytes. Default 10 MiB (a phone's photo; a vision model looks at it at low detail anyway).</summary>
    [Range(1_024, 26_214_400)] // under Kestrel's own 30 MB limit on a request body
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Bytes of photos one user may keep at once; 0 for no limit. Default 200 MiB (twenty photos at the size limit). An
    /// upload past it is refused with what the user's photos take; deleting some (or their expiry) makes room.</summary>
    [Range(0, long.MaxValue)]
    public long QuotaBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>How long a photo is kept after its upload. Default 30 days. A scan reads its photo once, in its first stage, and
    /// journals what it saw: later replays never need it again.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "3650.00:00:00")]
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The embedded node's image file. Default: <c>images.db</c> beside the journal's file. (A PostgreSQL node keeps
    /// photos in the journal's database.)</summary>
    public string? FilePath { get; set; }
}
