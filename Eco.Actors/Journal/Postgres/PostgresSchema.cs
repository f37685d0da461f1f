using Npgsql;

namespace Eco.Actors.Journal.Postgres;

/// <summary>Creates the journal's schema and tables (and the image store's); idempotent, and safe when several nodes start at once.</summary>
internal static class PostgresSchema
{
    /// <summary>SQLSTATE raised by <c>check_fences</c> when another node has raised a shard's fence past the writer's token.</summary>
    public const string FencedOutState = "EF001";

    public static async Task CreateAsync(NpgsqlDataSource data, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: one node at a time migrates.
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('eco-journal-schema'));
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.job_streams (
                job_id     text    PRIMARY KEY COLLATE "C",
                terminal   boolean NOT NULL DEFAULT false,
                created_ms bigint  NOT NULL
            );
            CREATE INDEX IF NOT EXISTS job_streams_unfinished ON {schema}.job_streams (job_id) WHERE NOT terminal;
            CREATE TABLE IF NOT EXISTS {schema}.job_events (
                job_id text   NOT NULL COLLATE "C",
                seq    bigint NOT NULL CHECK (seq > 0),
                type   text   NOT NULL,
                ts_ms  bigint NOT NULL,
                stage  text,
                data   text,
                PRIMARY KEY (job_id, seq)
            );
            CREATE TABLE IF NOT EXISTS {schema}.shard_fences (
                shard integer PRIMARY KEY,
                token bigint  NOT NULL
            );
            -- Locks the fences of the shards written (a concurrent raise waits for this transaction) and refuses stale tokens.
            CREATE OR REPLACE FUNCTION {schema}.check_fences(shards integer[], tokens bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
            BEGIN
              PERFORM 1 FROM {schema}.shard_fences WHERE shard = ANY(shards) FOR SHARE;
              IF EXISTS (SELECT 1 FROM {schema}.shard_fences f JOIN unnest(shards, tokens) AS r(shard, token) ON f.shard = r.shard
                         WHERE f.token > r.token) THEN
                RAISE EXCEPTION 'fenced out: another node owns one of these shards now' USING ERRCODE = '{FencedOutState}';
              END IF;
            END
            $fn$;
            CREATE TABLE IF NOT EXISTS {schema}.job_snapshots (
                job_id text   NOT NULL COLLATE "C",
                seq    bigint NOT NULL,
                ts_ms  bigint NOT NULL,
                state  text   NOT NULL,
                PRIMARY KEY (job_id, seq)
            );
            -- Journals made before the Akka plugin have snapshots without a manifest (all of them a job's state as JSON).
            ALTER TABLE {schema}.job_snapshots ADD COLUMN IF NOT EXISTS manifest text;
            -- Photos uploaded for scans (Images.PostgresImageStore): here so that every node reads what any node took in.
            CREATE TABLE IF NOT EXISTS {schema}.images (
                id           text        PRIMARY KEY,
                owner        text        NOT NULL,
                content_type text        NOT NULL,
                name         text,
                bytes        bytea       NOT NULL,
                stored_at    timestamptz NOT NULL
            );
            CREATE INDEX IF NOT EXISTS images_stored_at ON {schema}.images (stored_at);
            CREATE INDEX IF NOT EXISTS images_owner ON {schema}.images (owner, stored_at);
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the schema and everything in it (a throwaway journal: a chaos run, a benchmark).</summary>
    public static async Task DropAsync(NpgsqlDataSource data, string schema, CancellationToken cancellationToken)
    {
        await using var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
