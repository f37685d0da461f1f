using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>Settings of the embedded SQLite journal.</summary>
public sealed class SqliteJournalOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Journal:Sqlite";

    /// <summary>Path of the database file. Default <c>./data/eco.db</c>.</summary>
    [Required]
    public string FilePath { get; set; } = Path.Combine("data", "eco.db");

    /// <summary>Most events committed in one transaction. Default 4,000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 4_000;

    /// <summary>Appends that may wait for the writer before callers are held back (backpressure). Default 20,000.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Group commit on (default) or one transaction per append (kept for the benchmark's side-by-side figure).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>
    /// SQLite <c>synchronous</c> level. Default <c>FULL</c>: every commit is fsynced, so an acknowledged append survives a power cut,
    /// not just a process crash. <c>NORMAL</c> still survives kill -9 in WAL mode.
    /// </summary>
    [RegularExpression("^(FULL|NORMAL|OFF)$")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>WAL pages written before SQLite checkpoints into the main file. Default 10,000 (about 40 MB of WAL).</summary>
    [Range(100, 1_000_000)]
    public int WalAutoCheckpointPages { get; set; } = 10_000;

    /// <summary>Page cache of the writer connection in KiB. Default 65,536 (64 MiB).</summary>
    [Range(1_024, 4_194_304)]
    public int CacheKiB { get; set; } = 65_536;
}
