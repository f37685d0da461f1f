using Npgsql;

namespace Eco.Actors.Images;

/// <summary>Uploaded photos in the cluster's PostgreSQL (the journal's database and schema), where every node reads them.</summary>
public sealed class PostgresImageStore : IImageStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _data;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task> _schemaReady;

    /// <summary>Uses the journal's connection string and schema, whose migration creates the table.</summary>
    /// <param name="connectionString">The journal's database.</param>
    /// <param name="schema">The journal's schema.</param>
    /// <param name="time">The clock.</param>
    /// <param name="schemaReady">Completes once the journal has created its schema (see <c>PostgresJournal.WaitReadyAsync</c>).</param>
    public PostgresImageStore(string connectionString, string schema, TimeProvider time, Func<CancellationToken, Task> schemaReady)
    {
        _data = NpgsqlDataSource.Create(connectionString);
        _table = $"{schema}.images";
        _time = time;
        _schemaReady = schemaReady;
    }

    /// <inheritdoc />
    public async Task<ImageSave> SaveAsync(string owner, string contentType, string? name, byte[] bytes, long? quotaBytes, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        var id = ImageIds.For(owner, bytes);
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One upload per owner at a time, on every node: the weighing and the write are one step.
        await using (var lockOwner = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('eco-images:' || $1))", connection, transaction))
        {
            lockOwner.Parameters.AddWithValue(owner);
            await lockOwner.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var stored = await FindAsync(connection, id, cancellationToken).ConfigureAwait(false);
        var usage = await UsageAsync(connection, owner, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return new ImageSave(stored, usage);
        }
        if (usage.Bytes + bytes.Length > quotaBytes)
        {
            return new ImageSave(null, usage);
        }
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {_table} (id, owner, content_type, name, bytes, stored_at) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(owner);
            insert.Parameters.AddWithValue(contentType);
            insert.Parameters.AddWithValue((object?)name ?? DBNull.Value);
            insert.Parameters.AddWithValue(bytes);
            insert.Parameters.AddWithValue(_time.GetUtcNow());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        stored = await FindAsync(connection, id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"image {id} was stored but cannot be read back");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImageSave(stored, usage);
    }

    /// <inheritdoc />
    public async Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredImage?> FindAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT owner, content_type, name, bytes, stored_at FROM {_table} WHERE id = $1", connection);
        select.Parameters.AddWithValue(id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredImage(id, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    /// <inheritdoc />
    public async Task<ImageUsage> UsageAsync(string owner, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await UsageAsync(connection, owner, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageUsage> UsageAsync(NpgsqlConnection connection, string owner, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            $"SELECT count(*)::int, coalesce(sum(octet_length(bytes)), 0)::bigint FROM {_table} WHERE owner = $1", connection);
        select.Parameters.AddWithValue(owner);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ImageUsage(reader.GetInt32(0), reader.GetInt64(1));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        await using var select = _data.CreateCommand($"""
            SELECT id, content_type, name, octet_length(bytes)::bigint, stored_at FROM {_table} WHERE owner = $1
            ORDER BY stored_at DESC, id LIMIT $2
            """);
        select.Parameters.AddWithValue(owner);
        select.Parameters.AddWithValue(limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var images = new List<ImageSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            images.Add(new ImageSummary(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return images;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        await using var delete = _data.CreateCommand($"DELETE FROM {_table} WHERE id = $1 AND owner = $2");
        delete.Parameters.AddWithValue(id);
        delete.Parameters.AddWithValue(owner);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await _schemaReady(cancellationToken).ConfigureAwait(false);
        await using var delete = _data.CreateCommand($"DELETE FROM {_table} WHERE stored_at < $1");
        delete.Parameters.AddWithValue(cutoff);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _data.DisposeAsync();
}
