using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Jobs;

/// <summary>Settings of job entities.</summary>
public sealed class JobEntityOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Jobs";

    /// <summary>Save a snapshot after this many events since the last one (0 = never). Default 500.</summary>
    [Range(0, 1_000_000)]
    public int SnapshotEvery { get; set; } = 500;

    /// <summary>Events read per journal round trip during recovery. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int ReplayPageSize { get; set; } = 1_000;

    /// <summary>Recoveries (journal replays) running at once on a node. Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRecoveries { get; set; } = 50;
}
