using Npgsql;

namespace Eco.Actors.Journal.Postgres;

/// <summary>What the database's settings mean for the journal: lost acknowledged events, or commit stalls. Read once at open.</summary>
public static class PostgresSettingsAdvice
{
    /// <summary>One finding: <see cref="Durability"/> true when acknowledged events can be lost, false for a latency cost.</summary>
    public sealed record Finding(string Setting, string Value, bool Durability, string Advice);

    private static readonly string[] Watched = ["fsync", "synchronous_commit", "full_page_writes", "wal_init_zero"];

    /// <summary>Reads the settings that matter from the server.</summary>
    public static async Task<IReadOnlyList<Finding>> ReadAsync(NpgsqlDataSource data, CancellationToken cancellationToken)
    {
        await using var command = data.CreateCommand("SELECT name, setting FROM pg_settings WHERE name = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Watched });
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }
        return Advise(settings);
    }

    /// <summary>The findings for a set of settings (name → value as <c>pg_settings</c> shows it); settings not given are not judged.</summary>
    public static IReadOnlyList<Finding> Advise(IReadOnlyDictionary<string, string> settings)
    {
        var findings = new List<Finding>();
        if (settings.TryGetValue("fsync", out var fsync) && fsync == "off")
        {
            findings.Add(new("fsync", fsync, true, "commits are not flushed to disk: events acknowledged to clients can be lost if the database host crashes"));
        }
        if (settings.TryGetValue("synchronous_commit", out var synchronous) && synchronous == "off")
        {
            findings.Add(new("synchronous_commit", synchronous, true,
                "commits are acknowledged before they are durable: the last moments of acknowledged events can be lost if the database crashes"));
        }
        if (settings.TryGetValue("full_page_writes", out var fullPages) && fullPages == "off")
        {
            findings.Add(new("full_page_writes", fullPages, true, "a crash during a write can leave torn pages the database cannot recover"));
        }
        if (settings.TryGetValue("wal_init_zero", out var zero) && zero == "on")
        {
            findings.Add(new("wal_init_zero", zero, false,
                "each new 16 MB WAL segment is zero-filled before use, stalling every commit for tens of ms every few seconds under load; set wal_init_zero = off and min_wal_size = 1GB"));
        }
        return findings;
    }
}
