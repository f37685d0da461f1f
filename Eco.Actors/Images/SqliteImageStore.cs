using Microsoft.Data.Sqlite;

namespace Eco.Actors.Images;

/// <summary>Uploaded photos in a SQLite file of their own beside the embedded journal's, so an upload never waits on (or holds)
/// the journal's writer.</summary>
public sealed class SqliteImageStore : IImageStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Opens (and if needed creates) the file.</summary>
    public SqliteImageStore(string filePath, TimeProvider time)
    {
        _time = time;
        var fullPath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS images (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                content_type TEXT NOT NULL,
                name TEXT,
                bytes BLOB NOT NULL,
                stored_at INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS images_stored_at ON images (stored_at);
            CREATE INDEX IF NOT EXISTS images_owner ON images (owner, stored_at);
            """;
        create.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async Task<ImageSave> SaveAsync(string owner, string contentType, string? name, byte[] bytes, long? quotaBytes, CancellationToken cancellationToken)
    {
        var id = ImageIds.For(owner, bytes);
        await using var connection = Open();
        // BEGIN IMMEDIATE: the writer's lock from the first read, so no other upload lands between the weighing and the write.
        await using var transaction = connection.BeginTransaction(deferred: false);
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
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO images (id, owner, content_type, name, bytes, stored_at) VALUES ($id, $owner, $type, $name, $bytes, $at)";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$owner", owner);
            insert.Parameters.AddWithValue("$type", contentType);
            insert.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
            insert.Parameters.AddWithValue("$bytes", bytes);
            insert.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
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
        await using var connection = Open();
        return await FindAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredImage?> FindAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT owner, content_type, name, bytes, stored_at FROM images WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredImage(id, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), (byte[])reader[3],
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
            : null;
    }

    /// <inheritdoc />
    public async Task<ImageUsage> UsageAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await UsageAsync(connection, owner, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ImageUsage> UsageAsync(SqliteConnection connection, string owner, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM images WHERE owner = $owner";
        select.Parameters.AddWithValue("$owner", owner);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ImageUsage(reader.GetInt32(0), reader.GetInt64(1));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, content_type, name, length(bytes), stored_at FROM images WHERE owner = $owner
            ORDER BY stored_at DESC, id LIMIT $limit
            """;
        select.Parameters.AddWithValue("$owner", owner);
        select.Parameters.AddWithValue("$limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var images = new List<ImageSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            images.Add(new ImageSummary(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return images;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM images WHERE id = $id AND owner = $owner";
        delete.Parameters.AddWithValue("$id", id);
        delete.Parameters.AddWithValue("$owner", owner);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM images WHERE stored_at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
