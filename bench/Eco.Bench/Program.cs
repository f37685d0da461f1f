using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Actors.Journal.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

// Benchmarks, side by side in one run on one machine.
//   journal  (default)  group commit vs one transaction per append, and replay      [--events N] [--writers N] [--synchronous FULL|NORMAL]
//                       add --postgres "CONNSTR" to run the same rows on PostgreSQL (scripts/pg-up.sh starts one)
//   pipeline            job time ÷ bare LLM time at 1, 100, 1000 concurrent jobs    [--latency-ms N] [--tps N] [--jobs 1,100,1000]
//   bus                 cross-node append → WebSocket client latency                [--postgres CONNSTR] [--redis H:P] [--rate N] [--seconds N] [--warmup S] [--probe]
//   akka-journal        Eco's Akka.Persistence plugin beside Akka.Persistence.Sql  [--postgres CONNSTR] [--actors N] [--eco-writes N] [--sql-writes N] [--pg-sql-writes N]
//   auth                authenticated submit + read vs the same with authentication off, side by side  [--seconds N] [--workers N] [--rounds N]
//   telemetry           the same with OpenTelemetry metrics (scraped every 15 s) on vs off             [--seconds N] [--workers N] [--rounds N]
//   lane                provider lanes at full demand: requests/min, tokens/min, memory while calls wait  [--minutes N] [--rpm N] [--tpm N] [--waiting N]
if (args.Length > 0 && args[0] == "akka-journal")
{
    return await Eco.Bench.PluginBench.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "lane")
{
    return await Eco.Bench.LaneBench.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "pipeline")
{
    return await Eco.Bench.PipelineBench.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "auth")
{
    return await Eco.Bench.SideBySideBench.AuthAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "telemetry")
{
    return await Eco.Bench.SideBySideBench.TelemetryAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "bus")
{
    return await Eco.Bench.BusBench.RunAsync(args[1..]);
}
var events = Arg("--events", 200_000);
var writers = Arg("--writers", 256);
var synchronous = ArgString("--synchronous", "FULL");
var postgres = ArgString("--postgres", "");
var engine = "SQLite";
var dir = Path.Combine(Path.GetTempPath(), "eco-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
// Time the writer spends inside SQLite transactions, from the journal's own eco.journal.commit_duration instrument.
double commitMs = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Name == "eco.journal.commit_duration")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((_, value, _, _) => commitMs += value);
listener.Start();
Console.Error.WriteLine($"eco bench journal: {Environment.ProcessorCount} cores, SQLite synchronous={synchronous}, {writers} concurrent writers");

try
{
    var rows = new List<(string Name, long Events, double Seconds)>();

    // 1) one transaction (one fsync) per append: the baseline group commit must beat. Fewer events: it is slow.
    var single = await AppendRun("SQLite: one transaction per append", groupCommit: false, totalEvents: Math.Max(2_000, events / 40), eventsPerAppend: 1);
    rows.Add(single);
    // 2) group commit, each writer appends one event at a time and waits for it (how job entities write)
    var grouped = await AppendRun("SQLite: group commit, 1 event per append", groupCommit: true, totalEvents: events, eventsPerAppend: 1);
    rows.Add(grouped);
    // 3) group commit with small multi-event appends (a stage result plus the next stage start, token bursts)
    rows.Add(await AppendRun("SQLite: group commit, 4 events per append", groupCommit: true, totalEvents: events, eventsPerAppend: 4));
    // 4) replay
    var replay = await ReplayRun(jobEvents: 100_000);
    rows.AddRange(replay);
    if (postgres.Length > 0)
    {
        engine = "PostgreSQL";
        Console.Error.WriteLine("eco bench journal: PostgreSQL (fsync and synchronous_commit as the server has them)");
        var pgSingle = await AppendRun("PostgreSQL: one transaction per append", groupCommit: false, totalEvents: Math.Max(2_000, events / 40), eventsPerAppend: 1);
        var pgGrouped = await AppendRun("PostgreSQL: group commit, 1 event per append", groupCommit: true, totalEvents: events, eventsPerAppend: 1);
        rows.Add(pgSingle);
        rows.Add(pgGrouped);
        rows.Add(await AppendRun("PostgreSQL: group commit, 4 events per append", groupCommit: true, totalEvents: events, eventsPerAppend: 4));
        rows.AddRange(await ReplayRun(jobEvents: 100_000));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL group commit ÷ one-transaction-per-append = {(pgGrouped.Events / pgGrouped.Seconds) / (pgSingle.Events / pgSingle.Seconds):F1}×"));
    }

    Console.WriteLine();
    Console.WriteLine("| workload | events | seconds | events/s |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var (name, count, seconds) in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count:N0} | {seconds:F2} | {count / seconds:N0} |"));
    }
    var ratio = (grouped.Events / grouped.Seconds) / (single.Events / single.Seconds);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQLite group commit ÷ one-transaction-per-append = {ratio:F1}×"));
}
finally
{
    Directory.Delete(dir, recursive: true);
}
return 0;

async Task<(string Name, long Events, double Seconds)> AppendRun(string name, bool groupCommit, int totalEvents, int eventsPerAppend)
{
    var path = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
    await using var journal = await Open(path, groupCommit);
    var appendsPerWriter = Math.Max(1, totalEvents / eventsPerAppend / writers);
    var batch = Enumerable.Range(0, eventsPerAppend).Select(_ => Token()).ToArray();
    var progress = Stopwatch.StartNew();
    commitMs = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        var job = JobId.New();
        var last = 0L;
        for (var i = 0; i < appendsPerWriter; i++)
        {
            last = await journal.AppendAsync(job, last, batch, default);
            if (w == 0 && progress.Elapsed > TimeSpan.FromSeconds(2))
            {
                Console.Error.WriteLine($"  {name}: {journal.AppendedEvents:N0} events…");
                progress.Restart();
            }
        }
    })));
    clock.Stop();
    var written = journal.AppendedEvents;
    Console.Error.WriteLine($"  {name}: {written:N0} events in {clock.Elapsed.TotalSeconds:F2} s, {journal.Commits:N0} commits ({(double)written / journal.Commits:F0} events/commit), {commitMs / 1000 / clock.Elapsed.TotalSeconds:P0} of the time inside journal transactions");
    return (name, written, clock.Elapsed.TotalSeconds);
}

async Task<List<(string Name, long Events, double Seconds)>> ReplayRun(int jobEvents)
{
    var path = Path.Combine(dir, "replay.db");
    var job = JobId.New();
    await using var journal = await Open(path, groupCommit: true);
    var chunk = Enumerable.Range(0, 1000).Select(_ => Token()).ToArray();
    for (var last = 0L; last < jobEvents;)
    {
        last = await journal.AppendAsync(job, last, chunk, default);
    }
    var results = new List<(string Name, long Events, double Seconds)>();
    for (var round = 0; round < 2; round++) // first round warms the page cache and the JIT; the second is reported
    {
        var clock = Stopwatch.StartNew();
        long read = 0;
        await foreach (var _ in journal.ReadAllAsync(job, 0, 1000, default))
        {
            read++;
        }
        var readSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var state = JobState.Empty(job);
        await foreach (var entry in journal.ReadAllAsync(job, 0, 1000, default))
        {
            state = JobStateFold.Apply(state, entry);
        }
        var foldSeconds = clock.Elapsed.TotalSeconds;
        if (round == 1)
        {
            results.Add(($"{engine}: replay one job's events (journal read)", read, readSeconds));
            results.Add(($"{engine}: replay one job's events (read + fold into state)", state.LastSeq, foldSeconds));
        }
    }
    return results;
}

// The engine under test: SQLite for the first rows, PostgreSQL (one fresh schema per run) once engine is switched.
async Task<BenchJournal> Open(string path, bool groupCommit)
{
    if (engine == "SQLite")
    {
        var sqlite = new SqliteJournal(new SqliteJournalOptions { FilePath = path, GroupCommit = groupCommit, Synchronous = synchronous },
            TimeProvider.System, NullLogger<SqliteJournal>.Instance);
        return new BenchJournal(sqlite, sqlite, sqlite);
    }
    var pg = await PostgresJournal.OpenAsync(new PostgresJournalOptions
    {
        ConnectionString = postgres,
        Schema = "bench_" + Guid.NewGuid().ToString("N")[..10],
        GroupCommit = groupCommit,
    }, TimeProvider.System, NullLogger<PostgresJournal>.Instance, default);
    return new BenchJournal(pg, pg, pg);
}

static EventData Token() => new(JobEventTypes.Token, DateTimeOffset.UtcNow, "answer", JobEventData.Token("분리"));

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string ArgString(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

/// <summary>A journal under test with its counters and disposal, whichever adapter it is.</summary>
internal sealed record BenchJournal(IJournal Journal, IJournalCounters Counters, IAsyncDisposable Owner) : IAsyncDisposable
{
    public long Commits => Counters.Commits;
    public long AppendedEvents => Counters.AppendedEvents;
    public Task<long> AppendAsync(JobId job, long expected, IReadOnlyList<EventData> events, CancellationToken ct) => Journal.AppendAsync(job, expected, events, ct);
    public IAsyncEnumerable<JournalEntry> ReadAllAsync(JobId job, long after, int page, CancellationToken ct) => Journal.ReadAllAsync(job, after, page, ct);
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
