using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Journal.Postgres;

/// <summary>Settings of the PostgreSQL journal (cluster mode).</summary>
public sealed class PostgresJournalOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Journal:Postgres";

    /// <summary>Npgsql connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    /// <summary>Schema holding the journal's tables (created on start). Default <c>eco</c>.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string Schema { get; set; } = "eco";

    /// <summary>Most events committed in one transaction. Default 4,000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 4_000;

    /// <summary>Appends that may wait for the writer before callers are held back (backpressure). Default 20,000.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Writer connections committing concurrently (their fsyncs are grouped by PostgreSQL). Default 1: on 2 cores more were slower (BENCHMARKS.md).</summary>
    [Range(1, 32)]
    public int Writers { get; set; } = 1;

    /// <summary>Group commit on (default) or one transaction per append (for the benchmark's side-by-side figure).</summary>
    public bool GroupCommit { get; set; } = true;
}
