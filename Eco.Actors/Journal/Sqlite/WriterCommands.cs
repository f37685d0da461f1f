using Eco.Actors.Jobs;
using Microsoft.Data.Sqlite;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>The writer's prepared statements, created once and re-enlisted in each batch's transaction.</summary>
internal sealed class WriterCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readHead;
    private readonly SqliteCommand _insertSnapshot;
    private readonly SqliteCommand _readFence;
    private readonly SqliteCommand _raiseFence;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _startStream;
    private readonly SqliteCommand _endStream;
    private SqliteTransaction? _transaction;

    public WriterCommands(SqliteConnection connection)
    {
        _connection = connection;
        _readHead = Create("SELECT (SELECT MAX(seq) FROM job_events WHERE job_id = $p0), (SELECT terminal FROM job_streams WHERE job_id = $p0)", 1);
        _insertEvent = Create("INSERT INTO job_events (job_id, seq, type, ts_ms, stage, data) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)", 6);
        _startStream = Create("INSERT INTO job_streams (job_id, terminal, created_ms) VALUES ($p0, 0, $p1)", 2);
        _endStream = Create("UPDATE job_streams SET terminal = 1 WHERE job_id = $p0", 1);
        _readFence = Create("SELECT token FROM shard_fences WHERE shard = $p0", 1);
        _raiseFence = Create("INSERT INTO shard_fences (shard, token) VALUES ($p0, $p1) ON CONFLICT (shard) DO UPDATE SET token = excluded.token", 2);
        _insertSnapshot = Create("INSERT OR REPLACE INTO job_snapshots (job_id, seq, ts_ms, manifest, state) VALUES ($p0, $p1, $p2, $p3, $p4)", 5);
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _transaction = transaction;
        _readHead.Transaction = transaction;
        _insertSnapshot.Transaction = transaction;
        _readFence.Transaction = transaction;
        _raiseFence.Transaction = transaction;
    }

    public StreamHead ReadHead(JobId jobId)
    {
        _readHead.Parameters[0].Value = jobId.Value;
        using var reader = _readHead.ExecuteReader();
        reader.Read();
        return new StreamHead(reader.IsDBNull(0) ? 0 : reader.GetInt64(0), !reader.IsDBNull(1) && reader.GetInt64(1) != 0);
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

    /// <summary>The shard's fencing token (0 when never raised).</summary>
    public long ReadFence(int shard)
    {
        _readFence.Parameters[0].Value = shard;
        return _readFence.ExecuteScalar() is long token ? token : 0;
    }

    /// <summary>Sets the shard's fencing token (the writer computed it as larger than the current one).</summary>
    public void RaiseFence(int shard, long token)
    {
        _raiseFence.Parameters[0].Value = shard;
        _raiseFence.Parameters[1].Value = token;
        _raiseFence.ExecuteNonQuery();
    }

    /// <summary>Registers a stream when its first event is written.</summary>
    public void StartStream(JobId jobId, long nowMs)
    {
        _startStream.Transaction = _transaction;
        _startStream.Parameters[0].Value = jobId.Value;
        _startStream.Parameters[1].Value = nowMs;
        _startStream.ExecuteNonQuery();
    }

    /// <summary>Marks a stream ended once its terminal event is written.</summary>
    public void EndStream(JobId jobId)
    {
        _endStream.Transaction = _transaction;
        _endStream.Parameters[0].Value = jobId.Value;
        _endStream.ExecuteNonQuery();
    }

    public void InsertSnapshot(SnapshotRequest snapshot)
    {
        var p = _insertSnapshot.Parameters;
        p[0].Value = snapshot.JobId.Value;
        p[1].Value = snapshot.Seq;
        p[2].Value = snapshot.Timestamp.ToUnixTimeMilliseconds();
        p[3].Value = (object?)snapshot.Manifest ?? DBNull.Value;
        p[4].Value = snapshot.State;
        _insertSnapshot.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _readHead.Dispose();
        _insertSnapshot.Dispose();
        _readFence.Dispose();
        _raiseFence.Dispose();
        _insertEvent.Dispose();
        _startStream.Dispose();
        _endStream.Dispose();
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
