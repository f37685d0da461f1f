using Npgsql;

namespace Eco.Actors.Images;

/// <summary>Uploaded photos in the cluster's PostgreSQL (the journal's database and schema), where every node reads them.</summary>
public sealed class PostgresImageStore : IImageStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _data;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly string _schema;
    private Task? _created;

    /// <summary>Uses the journal's connection string and schema; the table is created on first use.</summary>
    public PostgresImageStore(string connectionString, string schema, TimeProvider time)
    {
        _data = NpgsqlDataSource.Create(connectionString);
        _table = $"{schema}.images";
        _time = time;
        _schema = schema;
    }

    /// <inheritdoc />
    public async Task<StoredImage> SaveAsync(string owner, string contentType, string? name, byte[] bytes, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var id = ImageIds.For(owner, bytes);
        await using (var insert = _data.CreateCommand(
            $"INSERT INTO {_table} (id, owner, content_type, name, bytes, stored_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING"))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(owner);
            insert.Parameters.AddWithValue(contentType);
            insert.Parameters.AddWithValue((object?)name ?? DBNull.Value);
            insert.Parameters.AddWithValue(bytes);
            insert.Parameters.AddWithValue(_time.GetUtcNow());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return await FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"image {id} was stored but cannot be read back");
    }

    /// <inheritdoc />
    public async Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await using var select = _data.CreateCommand($"SELECT owner, content_type, name, bytes, stored_at FROM {_table} WHERE id = $1");
        select.Parameters.AddWithValue(id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredImage(id, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    /// <inheritdoc />
    public async Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = _data.CreateCommand($"DELETE FROM {_table} WHERE stored_at < $1");
        delete.Parameters.AddWithValue(cutoff);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _data.DisposeAsync();

    // Created once; a failed attempt (the database was down) is made again by the next call, not remembered.
    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var created = Volatile.Read(ref _created);
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = CreateAsync(); // two callers racing here both run an idempotent CREATE … IF NOT EXISTS
            Volatile.Write(ref _created, created);
        }
        return created.WaitAsync(cancellationToken);
    }

    private async Task CreateAsync()
    {
        await using var create = _data.CreateCommand($"""
            CREATE SCHEMA IF NOT EXISTS {_schema};
            CREATE TABLE IF NOT EXISTS {_table} (
                id text PRIMARY KEY,
                owner text NOT NULL,
                content_type text NOT NULL,
                name text,
                bytes bytea NOT NULL,
                stored_at timestamptz NOT NULL
            );
            CREATE INDEX IF NOT EXISTS images_stored_at ON {_table} (stored_at);
            """);
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
