using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Actors.Snapshots;
using Eco.Tests.Contracts;
using Eco.Tests.Integration.Fixtures;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Integration.Journal;

/// <summary>The journal contract against a real PostgreSQL; each test gets its own schema.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresJournalTests : JournalContractTests
{
    protected override async Task<(IJournal Journal, ISnapshotStore Snapshots)> CreateAsync()
    {
        var journal = await OpenAsync("t_" + Guid.NewGuid().ToString("N")[..12], live: Live);
        return (journal, journal);
    }

    internal static async Task<PostgresJournal> OpenAsync(string schema, bool groupCommit = true, Eco.Actors.Events.ILiveEventPublisher? live = null) =>
        await PostgresJournal.OpenAsync(
            new PostgresJournalOptions { ConnectionString = await PostgresServer.ConnectionStringAsync(), Schema = schema, GroupCommit = groupCommit },
            TimeProvider.System, NullLogger<PostgresJournal>.Instance, default, live);

    [Fact]
    public async Task SettingsAdvice_ReadsTheRunningServer_TheTestServersShortcutsAreReported()
    {
        // The tests' PostgreSQL trades durability for speed (fsync, synchronous_commit and full_page_writes off) and keeps the
        // default wal_init_zero: all four must be reported, from the live server.
        await using var data = Npgsql.NpgsqlDataSource.Create(await PostgresServer.ConnectionStringAsync());
        var findings = await PostgresSettingsAdvice.ReadAsync(data, default);
        Assert.Equal(["fsync", "full_page_writes", "synchronous_commit", "wal_init_zero"], findings.Select(f => f.Setting).Order());
        Assert.Equal(3, findings.Count(f => f.Durability));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_AreGroupCommittedInFarFewerTransactions()
    {
        var journal = (PostgresJournal)Journal;
        var before = journal.Commits;
        var jobs = Enumerable.Range(0, 2000).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(jobs.Select(job => journal.AppendAsync(job, 0, Events.Many(1), default)));
        Assert.True(journal.Commits - before < jobs.Length / 4, $"2000 concurrent appends took {journal.Commits - before} commits");
        Assert.Equal(1, (await journal.GetStreamAsync(jobs[^1], default))!.LastSeq);
    }

    [Fact]
    public async Task AppendAsync_TwoNodesOnOneDatabase_StaleCacheNeverWinsAndAConflictIsReported()
    {
        // Two writers (two nodes) on the same schema: B appends behind A's back; A's cached head is stale.
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var a = await OpenAsync(schema);
        await using var b = await OpenAsync(schema);
        var job = JobId.New();
        Assert.Equal(1, await a.AppendAsync(job, 0, Events.Many(1), default));
        Assert.Equal(2, await b.AppendAsync(job, 1, Events.Many(1), default));
        var conflict = await Assert.ThrowsAsync<SequenceConflictException>(() => a.AppendAsync(job, 1, Events.Many(1), default));
        Assert.Equal(2, conflict.ActualSeq);
        Assert.Equal(3, await a.AppendAsync(job, 2, Events.Many(1), default)); // a writer that replayed gets on with the right seq
        Assert.Equal([1, 2, 3], (await b.ReadAsync(job, 0, 10, default)).Select(e => e.Seq));
    }
}
