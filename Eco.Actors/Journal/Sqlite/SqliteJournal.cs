using System.Diagnostics;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Snapshots;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Journal.Sqlite;

/// <summary>The embedded journal: one SQLite file in WAL mode, appends group-committed by a single writer.</summary>
/// <remarks>
/// Every append and snapshot goes through one bounded queue to one writer connection. The writer takes everything queued (up to
/// <see cref="SqliteJournalOptions.MaxBatchEvents"/>) and commits it in one transaction, so many jobs share one fsync. Each append's
/// expected seq is checked inside that transaction against <c>job_streams</c>, which is also what hands out seqs. Reads use their own
/// pooled connections and never wait for the writer (WAL readers see the last commit).
/// </remarks>
public sealed partial class SqliteJournal : IJournal, ISnapshotStore, IJournalCounters, IAsyncDisposable
{
    private const int MaxCachedHeads = 100_000;
    private readonly SqliteJournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly JournalWriteQueue _queue;
    private readonly Task _writer;
    private readonly SqliteConnection _writeConnection;
    private readonly WriterCommands _commands;
    private readonly Dictionary<JobId, StreamHead> _heads = new();
    // One batch's working sets, kept by the writer thread between batches so that a burst does not grow new ones for every commit.
    private readonly Dictionary<JobId, StreamHead> _batchHeads = new();
    private readonly List<PendingRow> _batchRows = new();
    private readonly Dictionary<int, long> _batchFences = new();
    private long _commits;
    private long _appendedEvents;

    /// <summary>Opens (and if needed creates) the journal file and starts the writer.</summary>
    /// <param name="options">File and writer settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="live">Where committed appends go live, straight from the writer (null: nowhere).</param>
    public SqliteJournal(SqliteJournalOptions options, TimeProvider time, ILogger<SqliteJournal> logger, ILiveEventPublisher? live = null)
    {
        _options = options;
        _time = time;
        _logger = logger;
        var fullPath = Path.GetFullPath(options.FilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        _writeConnection = new SqliteConnection(_connectionString);
        _writeConnection.Open();
        // A larger auto-checkpoint interval lets the many rewrites of the same hot pages (one per active job) collapse into one
        // checkpoint write; the default (1,000 pages) checkpointed inside commits every few batches (see BENCHMARKS.md).
        Execute(_writeConnection,
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous}; PRAGMA busy_timeout=10000; " +
            $"PRAGMA wal_autocheckpoint={options.WalAutoCheckpointPages}; PRAGMA cache_size=-{options.CacheKiB};");
        SqliteSchema.Create(_writeConnection);
        _commands = new WriterCommands(_writeConnection);

        _queue = new JournalWriteQueue(options.QueueCapacity, singleReader: true, time, live);
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        ActorsLog.JournalOpened(_logger, fullPath, options.GroupCommit, options.Synchronous);
    }

    /// <summary>Transactions committed so far (fewer than appends when group commit batches them).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Events durably appended so far.</summary>
    public long AppendedEvents => Interlocked.Read(ref _appendedEvents);

    /// <summary>Appends waiting for the writer.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <inheritdoc />
    public Task<long> AppendAsync(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, CancellationToken cancellationToken) =>
        AppendAsync(jobId, expectedSeq, events, fence: null, cancellationToken);

    /// <inheritdoc />
    public Task<long> RaiseFenceAsync(int shard, long proposed, CancellationToken cancellationToken) =>
        _queue.RaiseFenceAsync(shard, proposed, cancellationToken);

    /// <inheritdoc />
    public Task<long> AppendAsync(JobId jobId, long expectedSeq, IReadOnlyList<EventData> events, Fence? fence, CancellationToken cancellationToken) =>
        _queue.AppendAsync(jobId, expectedSeq, events, fence, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(JobId jobId, long afterSeq, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, type, ts_ms, stage, data FROM job_events WHERE job_id = $job AND seq > $after ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$job", jobId.Value);
        command.Parameters.AddWithValue("$after", afterSeq);
        command.Parameters.AddWithValue("$limit", maxCount);
        var entries = new List<JournalEntry>(Math.Min(maxCount, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (reader.Read())
        {
            entries.Add(new JournalEntry(
                jobId,
                reader.GetInt64(0),
                TypeNames.Intern(reader.GetString(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : TypeNames.Intern(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<JobStreamInfo?> GetStreamAsync(JobId jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{StreamInfoSelect} WHERE s.job_id = $job";
        command.Parameters.AddWithValue("$job", jobId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return reader.Read() ? ReadStreamInfo(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobStreamInfo>> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {StreamInfoSelect}
            WHERE s.job_id > $after AND substr(s.job_id, 1, 1) <> '_' {(query.UnfinishedOnly ? "AND s.terminal = 0" : "")}
            ORDER BY s.job_id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", query.AfterJobId?.Value ?? "");
        command.Parameters.AddWithValue("$limit", query.Limit);
        var jobs = new List<JobStreamInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (reader.Read())
        {
            jobs.Add(ReadStreamInfo(reader));
        }
        return jobs;
    }

    /// <inheritdoc />
    public Task SaveAsync(JobId jobId, long seq, string? manifest, string state, CancellationToken cancellationToken) =>
        _queue.SaveSnapshotAsync(jobId, seq, manifest, state, cancellationToken);

    /// <inheritdoc />
    public async Task<Snapshot?> LoadLatestAsync(JobId jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, ts_ms, manifest, state FROM job_snapshots WHERE job_id = $job ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$job", jobId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return reader.Read()
            ? new Snapshot(jobId, reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3))
            : null;
    }

    /// <inheritdoc />
    /// <remarks>Rare (Akka deletes what a snapshot covers every thousand updates of a remember-entities store): a connection of its
    /// own, which waits for the writer's transaction like any second SQLite writer (busy timeout).</remarks>
    public Task DeleteAsync(JobId jobId, long minSeq, long maxSeq, CancellationToken cancellationToken) =>
        ExecuteOnOwnConnectionAsync("DELETE FROM job_snapshots WHERE job_id = $job AND seq BETWEEN $min AND $max",
            [("$job", jobId.Value), ("$min", minSeq), ("$max", maxSeq)], cancellationToken);

    /// <inheritdoc />
    public Task DeleteThroughAsync(JobId stream, long toSeq, CancellationToken cancellationToken)
    {
        InternalStreams.EnsureInternal(stream);
        return ExecuteOnOwnConnectionAsync(
            "DELETE FROM job_events WHERE job_id = $job AND seq <= $to AND seq < (SELECT MAX(seq) FROM job_events WHERE job_id = $job)",
            [("$job", stream.Value), ("$to", toSeq)], cancellationToken);
    }

    private async Task ExecuteOnOwnConnectionAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting writes, commits what is queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _writer.ConfigureAwait(false);
        _commands.Dispose();
        await _writeConnection.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearPool(_writeConnection);
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    // The head is derived: last seq and last update come from the newest event (primary-key probe), not from a per-append write.
    private const string StreamInfoSelect = """
        SELECT s.job_id, e.seq, s.terminal, s.created_ms, e.ts_ms
        FROM job_streams s
        JOIN job_events e ON e.job_id = s.job_id AND e.seq = (SELECT MAX(seq) FROM job_events WHERE job_id = s.job_id)
        """;

    private static JobStreamInfo ReadStreamInfo(SqliteDataReader reader) => new(
        JobId.Parse(reader.GetString(0)),
        reader.GetInt64(1),
        reader.GetInt64(2) != 0,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // On a thread of its own: every commit blocks in SQLite and its fsync, and on the thread pool that would hold one of its few
    // threads (two on a two-core node) away from the actors and the sockets for as long as a burst of appends lasts.
    private void WriteLoop()
    {
        var batch = new List<WriteRequest>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var events = 0;
            while (events < _options.MaxBatchEvents && reader.TryRead(out var request))
            {
                batch.Add(request);
                events += request.EventCount;
                if (!_options.GroupCommit)
                {
                    break;
                }
            }
            CommitBatch(batch);
        }
    }

    private void CommitBatch(List<WriteRequest> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcomes = WriteInTransaction(batch);
            Interlocked.Increment(ref _commits);
            JournalMetrics.BatchEvents.Record(outcomes.Events);
            JournalMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Add(ref _appendedEvents, outcomes.Events);
            JournalMetrics.EventsAppended.Add(outcomes.Events);
            foreach (var request in batch)
            {
                request.Complete(); // only after COMMIT returned: acknowledged means durable
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _heads.Clear(); // the batch rolled back: forget anything the cache may have assumed
            // One bad request must not fail its neighbours: retry each alone so the fault lands only where it belongs.
            ActorsLog.BatchRetriedAlone(_logger, batch.Count, ex);
            foreach (var request in batch)
            {
                CommitBatch([request]);
            }
        }
        catch (Exception ex)
        {
            _heads.Clear();
            ActorsLog.AppendFailed(_logger, ex);
            batch[0].Fail(ex);
        }
    }

    private long FenceOf(int shard, Dictionary<int, long> batch)
    {
        if (!batch.TryGetValue(shard, out var token))
        {
            token = _commands.ReadFence(shard);
            batch[shard] = token;
        }
        return token;
    }

    // The writer owns the file (embedded mode: one node per file), so the heads it committed are the truth and save a SELECT per
    // append. Only committed heads are remembered; a rolled-back batch leaves the cache as it was. Bounded by a simple reset.
    private void RememberHeads(Dictionary<JobId, StreamHead> committed)
    {
        if (_heads.Count + committed.Count > MaxCachedHeads)
        {
            _heads.Clear();
        }
        foreach (var (job, head) in committed)
        {
            if (head.Terminal)
            {
                _heads.Remove(job); // ended jobs are rarely written again; the DB still refuses them
            }
            else
            {
                _heads[job] = head;
            }
        }
    }

    private (int Events, int Requests) WriteInTransaction(List<WriteRequest> batch)
    {
        using var transaction = _writeConnection.BeginTransaction(deferred: false);
        _commands.Enlist(transaction);
        // Decide every append in memory first (heads from this batch, the cache, or one SELECT), then write all rows in bulk.
        var (heads, rows, fences) = (_batchHeads, _batchRows, _batchFences);
        heads.Clear();
        rows.Clear();
        fences.Clear();
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var request in batch)
        {
            switch (request)
            {
                case FenceRequest raise:
                    raise.Result = Math.Max(FenceOf(raise.Shard, fences) + 1, raise.Token);
                    fences[raise.Shard] = raise.Result;
                    _commands.RaiseFence(raise.Shard, raise.Result);
                    break;
                case AppendRequest { Fence: { } fence } fenced when FenceOf(fence.Shard, fences) > fence.Token:
                    fenced.Refuse(new FencedOutException(fence, FenceOf(fence.Shard, fences)));
                    break;
                case AppendRequest append:
                    // The cache is a hint: when it disagrees with what the writer expects, the database decides.
                    if (!heads.TryGetValue(append.JobId, out var head) &&
                        !(_heads.TryGetValue(append.JobId, out head) && head.LastSeq == append.ExpectedSeq))
                    {
                        head = _commands.ReadHead(append.JobId);
                    }
                    if (head.Terminal)
                    {
                        append.Refuse(new StreamClosedException(append.JobId, head.LastSeq));
                        continue;
                    }
                    if (head.LastSeq != append.ExpectedSeq)
                    {
                        append.Refuse(new SequenceConflictException(append.JobId, append.ExpectedSeq, head.LastSeq));
                        continue;
                    }
                    if (head.LastSeq == 0)
                    {
                        _commands.StartStream(append.JobId, nowMs);
                    }
                    var seq = head.LastSeq;
                    foreach (var e in append.Events)
                    {
                        rows.Add(new PendingRow(append.JobId, ++seq, e));
                    }
                    if (append.Events[^1].IsTerminal)
                    {
                        _commands.EndStream(append.JobId);
                    }
                    heads[append.JobId] = new StreamHead(seq, append.Events[^1].IsTerminal);
                    append.Written(seq);
                    break;
                case SnapshotRequest snapshot:
                    _commands.InsertSnapshot(snapshot);
                    break;
            }
        }
        _commands.InsertEvents(rows);
        transaction.Commit();
        RememberHeads(heads);
        return (rows.Count, batch.Count);
    }
}
