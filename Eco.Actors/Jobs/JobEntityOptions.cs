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

    /// <summary>Stream events a stage may have on their way to the journal before it waits (its model read waits with it). Default 64.</summary>
    [Range(1, 100_000)]
    public int StageEventWindow { get; set; } = 64;

    /// <summary>An unfinished job with no new event for this long is woken through sharding (<see cref="ResumeJob"/>), in case
    /// nothing restarted its entity; zero turns the sweep off. Default 5 minutes: longer than any stage runs without an event.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ResumeIdleAfter { get; set; } = TimeSpan.FromMinutes(5);
}
