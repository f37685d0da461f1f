using Microsoft.Data.Sqlite;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>Creates the journal's tables; idempotent, run when the journal opens.</summary>
internal static class SqliteSchema
{
    // WITHOUT ROWID clusters rows by (job_id, seq): a job's replay is one range scan, and the primary key is what makes seq unique.
    // A stream's last seq is MAX(seq) on that key (one index probe), so job_streams is written only when a stream starts and ends,
    // not on every append: per-statement cost is what bounds the writer (see BENCHMARKS.md).
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS job_streams (
            job_id     TEXT    NOT NULL PRIMARY KEY,
            terminal   INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_job_streams_unfinished ON job_streams(job_id) WHERE terminal = 0;
        CREATE TABLE IF NOT EXISTS job_events (
            job_id TEXT    NOT NULL,
            seq    INTEGER NOT NULL CHECK (seq > 0),
            type   TEXT    NOT NULL,
            ts_ms  INTEGER NOT NULL,
            stage  TEXT,
            data   TEXT,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS shard_fences (
            shard INTEGER NOT NULL PRIMARY KEY,
            token INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS job_snapshots (
            job_id   TEXT    NOT NULL,
            seq      INTEGER NOT NULL,
            ts_ms    INTEGER NOT NULL,
            state    TEXT    NOT NULL,
            manifest TEXT,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        """;

    public static void Create(SqliteConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Ddl;
            command.ExecuteNonQuery();
        }
        // Journals made before the Akka plugin have snapshots without a manifest (all of them a job's state as JSON).
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('job_snapshots') WHERE name = 'manifest'";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            using var migrate = connection.CreateCommand();
            migrate.CommandText = "ALTER TABLE job_snapshots ADD COLUMN manifest TEXT";
            migrate.ExecuteNonQuery();
        }
    }
}
