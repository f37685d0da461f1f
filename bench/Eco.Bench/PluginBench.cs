using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Persistence;
using Eco.Actors.Events;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Persistence;
using Eco.Actors.Sharding;
using Eco.Actors.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Eco.Bench;

/// <summary>
/// <c>akka-journal</c>: Eco's Akka.Persistence plugin and Akka.Persistence.Sql side by side, in one run, on the same database:
/// 1,000 persistent actors each persisting one event per write (how a job writes), then the replay of 100 actors × 1,000 events.
/// </summary>
internal static class PluginBench
{
    private const string SqlJournal = "akka.persistence.journal.sql";
    private const string SqlSnapshots = "akka.persistence.snapshot-store.sql";
    private static double s_commitMs;

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Arg(args, "--postgres", "");
        var actors = int.Parse(Arg(args, "--actors", "1000"), CultureInfo.InvariantCulture);
        var ecoWrites = int.Parse(Arg(args, "--eco-writes", "100"), CultureInfo.InvariantCulture);
        var sqlWrites = int.Parse(Arg(args, "--sql-writes", "4"), CultureInfo.InvariantCulture);
        var pgSqlWrites = int.Parse(Arg(args, "--pg-sql-writes", "20"), CultureInfo.InvariantCulture);
        var dir = Path.Combine(Path.GetTempPath(), "eco-bench-plugin-" + Guid.NewGuid().ToString("N"));
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "eco.journal.commit_duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => Interlocked.Exchange(ref s_commitMs, s_commitMs + value));
        listener.Start();
        Directory.CreateDirectory(dir);
        Console.Error.WriteLine($"eco bench akka-journal: {Environment.ProcessorCount} cores; {actors} actors, one event per write; replay of 100 actors × 1,000 events");
        var rows = new List<Row>();
        try
        {
            if (!args.Contains("--postgres-only"))
            {
                var sqlite = new SqliteJournal(new SqliteJournalOptions { FilePath = Path.Combine(dir, "eco.db") }, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
                var sqliteSql = $"Data Source={Path.Combine(dir, "akka-sql.db")}";
                rows.AddRange(await EngineAsync("SQLite", sqlite, "SQLite.MS", sqliteSql, actors, ecoWrites, sqlWrites));
            }
            if (postgres.Length > 0)
            {
                var schema = "plugin_" + Guid.NewGuid().ToString("N")[..8];
                var pg = await PostgresJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = postgres, Schema = schema, Writers = int.Parse(Arg(args, "--pg-writers", "1"), CultureInfo.InvariantCulture) }, TimeProvider.System,
                    NullLogger<PostgresJournal>.Instance, default);
                // Akka.Persistence.Sql in a schema of its own in the same database (its tables are created on first use).
                var sqlSchema = "akka_" + Guid.NewGuid().ToString("N")[..8];
                await using (var data = NpgsqlDataSource.Create(postgres))
                await using (var create = data.CreateCommand($"CREATE SCHEMA {sqlSchema}"))
                {
                    await create.ExecuteNonQueryAsync();
                }
                var pgSql = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = sqlSchema, IncludeErrorDetail = true }.ConnectionString;
                try
                {
                    rows.AddRange(await EngineAsync("PostgreSQL", pg, "PostgreSQL.15", pgSql, actors, ecoWrites, pgSqlWrites));
                }
                finally
                {
                    await PostgresJournal.DropSchemaAsync(postgres, schema, default);
                    await using var data = NpgsqlDataSource.Create(postgres);
                    await using var drop = data.CreateCommand($"DROP SCHEMA {sqlSchema} CASCADE");
                    await drop.ExecuteNonQueryAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("| database | workload | plugin | events | seconds | events/s |");
        Console.WriteLine("|---|---|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Database} | {row.Workload} | {row.Plugin} | {row.Events:N0} | {row.Seconds:F2} | {row.Rate:N0} |"));
        }
        Console.WriteLine();
        foreach (var group in rows.GroupBy(r => (r.Database, r.Workload)))
        {
            var eco = group.Single(r => r.Plugin == "Eco");
            var sql = group.Single(r => r.Plugin != "Eco");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Key.Database}, {group.Key.Workload}: Eco ÷ Akka.Persistence.Sql = {eco.Rate / sql.Rate:F1}×"));
        }
        return 0;
    }

    private sealed record Row(string Database, string Workload, string Plugin, long Events, double Seconds)
    {
        public double Rate => Events / Seconds;
    }

    private static async Task<List<Row>> EngineAsync<TJournal>(string database, TJournal journal, string provider, string connectionString, int actors,
        int ecoWrites, int sqlWrites)
        where TJournal : IJournal, ISnapshotStore, IAsyncDisposable, IJournalCounters
    {
        var rows = new List<Row>();
        await using (journal)
        {
            var system = ActorSystem.Create("bench", Setup(journal, provider, connectionString));
            // Akka starts its scheduler's clock on the first timer, blocking that thread until a pool thread runs the clock: with
            // 1,000 actors recovering at once every pool thread would block there first. Start it now, from here.
            system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
            try
            {
                foreach (var (plugin, writes) in new[] { (EcoPersistence.JournalPluginId, ecoWrites), (SqlJournal, sqlWrites) })
                {
                    var name = plugin == SqlJournal ? "Akka.Persistence.Sql" : "Eco";
                    await WritesAsync(system, plugin, actors: 50, writes: 2, "warm-up"); // connections, tables, JIT
                    var commits = ((IJournalCounters)journal).Commits;
                    s_commitMs = 0;
                    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    var (events, seconds) = await WritesAsync(system, plugin, actors, writes, $"{database}, {name}");
                    if (plugin == EcoPersistence.JournalPluginId)
                    {
                        var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    {((IJournalCounters)journal).Commits - commits:N0} commits ({events / (double)Math.Max(1, ((IJournalCounters)journal).Commits - commits):F0} events each, {s_commitMs / 1000 / seconds:P0} of the time in commits); this process used {used.TotalSeconds / seconds:F2} cores"));
                    }
                    rows.Add(new Row(database, $"{actors:N0} actors, 1 event per write", name, events, seconds));
                }
                foreach (var plugin in new[] { EcoPersistence.JournalPluginId, SqlJournal })
                {
                    var name = plugin == SqlJournal ? "Akka.Persistence.Sql" : "Eco";
                    var (events, seconds, ids) = await ReplayAsync(system, plugin, actors: 100, eventsEach: 1000, $"{database}, {name}");
                    if (plugin == EcoPersistence.JournalPluginId)
                    {
                        // The same reads straight from the journal, no actor: what Akka's recovery adds on top of them.
                        var clock = Stopwatch.StartNew();
                        var pages = await Task.WhenAll(ids.Select(id => journal.ReadAsync(PersistenceStreams.ToStream(id), 0, 1000, CancellationToken.None)));
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    the same reads without Akka: {pages.Sum(p => p.Count):N0} events in {clock.Elapsed.TotalSeconds:F2} s ({pages.Sum(p => p.Count) / clock.Elapsed.TotalSeconds:N0}/s)"));
                    }
                    rows.Add(new Row(database, "replay 100 actors × 1,000 events", name, events, seconds));
                }
            }
            finally
            {
                await system.Terminate();
            }
        }
        return rows;
    }

    private static ActorSystemSetup Setup<TJournal>(TJournal journal, string provider, string connectionString)
        where TJournal : IJournal, ISnapshotStore
    {
        var hub = new LiveEventHub();
        var services = new ServiceCollection()
            .AddSingleton<IJournal>(journal)
            .AddSingleton<ISnapshotStore>(journal)
            .AddSingleton(ShardFences.Unenforced)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new JobWatcher(journal, hub))
            .BuildServiceProvider();
        var eco = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "eco.conf")));
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = local
            akka.loglevel = WARNING
            {{Environment.GetEnvironmentVariable("BENCH_HOCON") ?? ""}}
            {{SqlJournal}} { connection-string = "{{connectionString}}", provider-name = "{{provider}}", auto-initialize = on }
            {{SqlSnapshots}} { connection-string = "{{connectionString}}", provider-name = "{{provider}}", auto-initialize = on }
            """).WithFallback(eco).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        return BootstrapSetup.Create().WithConfig(config).And(DependencyResolverSetup.Create(services));
    }

    private static async Task<(long Events, double Seconds)> WritesAsync(ActorSystem system, string plugin, int actors, int writes, string label)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = actors;
        var clock = Stopwatch.StartNew();
        Action finished = () =>
        {
            if (Interlocked.Decrement(ref left) == 0)
            {
                done.TrySetResult();
            }
        };
        for (var i = 0; i < actors; i++)
        {
            var id = Eco.Actors.Jobs.JobId.New().Value; // time-ordered, as job ids are
            system.ActorOf(Props.Create(typeof(Writer), id, plugin, writes, 1, finished, null));
        }
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        clock.Stop();
        var events = (long)actors * writes;
        if (label != "warm-up")
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {events:N0} events in {clock.Elapsed.TotalSeconds:F2} s ({events / clock.Elapsed.TotalSeconds:N0}/s)"));
        }
        return (events, clock.Elapsed.TotalSeconds);
    }

    private static async Task<(long Events, double Seconds, List<string> Ids)> ReplayAsync(ActorSystem system, string plugin, int actors, int eventsEach, string label)
    {
        var ids = Enumerable.Range(0, actors).Select(_ => Eco.Actors.Jobs.JobId.New().Value).ToList();
        // Written in writes of 100 events (fast for both), then each actor recovered by a fresh incarnation, all at once.
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = actors;
        Action wrote = () =>
        {
            if (Interlocked.Decrement(ref left) == 0)
            {
                written.TrySetResult();
            }
        };
        foreach (var id in ids)
        {
            system.ActorOf(Props.Create(typeof(Writer), id, plugin, eventsEach / 100, 100, wrote, null));
        }
        await written.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        left = actors;
        long replayed = 0;
        var clock = Stopwatch.StartNew();
        Action nothing = () => { };
        Action<long> replayedAll = count =>
        {
            Interlocked.Add(ref replayed, count);
            if (Interlocked.Decrement(ref left) == 0)
            {
                recovered.TrySetResult();
            }
        };
        foreach (var id in ids)
        {
            system.ActorOf(Props.Create(typeof(Writer), id, plugin, 0, 1, nothing, replayedAll));
        }
        await recovered.Task.WaitAsync(TimeSpan.FromMinutes(10));
        clock.Stop();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label} replay: {replayed:N0} events in {clock.Elapsed.TotalSeconds:F2} s ({replayed / clock.Elapsed.TotalSeconds:N0}/s)"));
        return (replayed, clock.Elapsed.TotalSeconds, ids);
    }

    /// <summary>Persists <c>writes</c> writes of <c>perWrite</c> token events one after the other (each waits for the last), then says so.</summary>
    private sealed class Writer : UntypedPersistentActor
    {
        private readonly string _id;
        private readonly int _perWrite;
        private readonly Action _done;
        private readonly Action<long>? _recovered;
        private int _writesLeft;
        private long _replayed;

        public Writer(string id, string journalPluginId, int writes, int perWrite, Action done, Action<long>? recovered)
        {
            _id = id;
            _writesLeft = writes;
            _perWrite = perWrite;
            _done = done;
            _recovered = recovered;
            JournalPluginId = journalPluginId;
            SnapshotPluginId = journalPluginId == SqlJournal ? SqlSnapshots : EcoPersistence.SnapshotPluginId;
        }

        public override string PersistenceId => _id;

        protected override void OnRecover(object message)
        {
            if (message is RecoveryCompleted)
            {
                _recovered?.Invoke(_replayed);
                Next();
            }
            else
            {
                _replayed++;
            }
        }

        protected override void OnCommand(object message)
        {
        }

        private void Next()
        {
            if (_writesLeft == 0)
            {
                _done();
                Context.Stop(Self);
                return;
            }
            _writesLeft--;
            var left = _perWrite;
            PersistAll(Enumerable.Range(0, _perWrite).Select(_ => new EventData("token", DateTimeOffset.UtcNow, "answer", "{\"text\":\"분리배출\"}")), _ =>
            {
                if (--left == 0)
                {
                    Next();
                }
            });
        }
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
