using Eco.Actors.Jobs;
using Microsoft.Data.Sqlite;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>The writer's prepared statements, created once and re-enlisted in each batch's transaction.</summary>
internal sealed class WriterCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readHead;
    private readonly SqliteCommand _insertSnapshot;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertHead;
    private SqliteTransaction? _transaction;

    public WriterCommands(SqliteConnection connection)
    {
        _connection = connection;
        _readHead = Create("SELECT last_seq, terminal FROM job_streams WHERE job_id = $p0", 1);
        _insertEvent = Create("INSERT INTO job_events (job_id, seq, type, ts_ms, stage, data) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)", 6);
        _upsertHead = Create("""
            INSERT INTO job_streams (job_id, last_seq, terminal, created_ms, updated_ms) VALUES ($p0, $p1, $p2, $p3, $p3)
            ON CONFLICT (job_id) DO UPDATE SET last_seq = excluded.last_seq, terminal = excluded.terminal, updated_ms = excluded.updated_ms
            """, 4);
        _insertSnapshot = Create("INSERT OR REPLACE INTO job_snapshots (job_id, seq, ts_ms, state) VALUES ($p0, $p1, $p2, $p3)", 4);
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _transaction = transaction;
        _readHead.Transaction = transaction;
        _insertSnapshot.Transaction = transaction;
    }

    public StreamHead ReadHead(JobId jobId)
    {
        _readHead.Parameters[0].Value = jobId.Value;
        using var reader = _readHead.ExecuteReader();
        return reader.Read() ? new StreamHead(reader.GetInt64(0), reader.GetInt64(1) != 0) : new StreamHead(0, false);
    }

    /// <summary>Inserts the batch's rows; a duplicate (job, seq) fails the statement, so the primary key still guards every seq.</summary>
    /// <remarks>
    /// One prepared single-row statement per row: Microsoft.Data.Sqlite binds parameters by name on every execution, so multi-row
    /// statements measured slower here (see BENCHMARKS.md).
    /// </remarks>
    public void InsertEvents(List<PendingRow> rows)
    {
        _insertEvent.Transaction = _transaction;
        var p = _insertEvent.Parameters;
        foreach (var (jobId, seq, e) in rows)
        {
            p[0].Value = jobId.Value;
            p[1].Value = seq;
            p[2].Value = e.Type;
            p[3].Value = e.Timestamp.ToUnixTimeMilliseconds();
            p[4].Value = (object?)e.Stage ?? DBNull.Value;
            p[5].Value = (object?)e.DataJson ?? DBNull.Value;
            _insertEvent.ExecuteNonQuery();
        }
    }

    /// <summary>Writes each touched stream's head once per batch.</summary>
    public void UpsertHeads(Dictionary<JobId, StreamHead> heads, long nowMs)
    {
        _upsertHead.Transaction = _transaction;
        var p = _upsertHead.Parameters;
        foreach (var (jobId, head) in heads)
        {
            p[0].Value = jobId.Value;
            p[1].Value = head.LastSeq;
            p[2].Value = head.Terminal ? 1 : 0;
            p[3].Value = nowMs;
            _upsertHead.ExecuteNonQuery();
        }
    }

    public void InsertSnapshot(SnapshotRequest snapshot)
    {
        var p = _insertSnapshot.Parameters;
        p[0].Value = snapshot.JobId.Value;
        p[1].Value = snapshot.Seq;
        p[2].Value = snapshot.Timestamp.ToUnixTimeMilliseconds();
        p[3].Value = snapshot.State;
        _insertSnapshot.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _readHead.Dispose();
        _insertSnapshot.Dispose();
        _insertEvent.Dispose();
        _upsertHead.Dispose();
    }

    private SqliteCommand Create(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i, null));
        }
        command.Prepare();
        return command;
    }
}

/// <summary>One event row decided for this batch.</summary>
internal readonly record struct PendingRow(JobId JobId, long Seq, EventData Event);
