using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Snapshots;
using Eco.Tests.Contracts;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Journal;

[Trait("Category", "Integration")]
public sealed class SqliteJournalTests : JournalContractTests
{
    private readonly TempDirectory _dir = new();

    protected override Task<(IJournal Journal, ISnapshotStore Snapshots)> CreateAsync()
    {
        var journal = JournalTest.Open(_dir.File("eco.db"), live: Live);
        return Task.FromResult<(IJournal, ISnapshotStore)>((journal, journal));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    private static SqliteJournal Open(string path, bool groupCommit = true) => JournalTest.Open(path, groupCommit);

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_AreGroupCommittedInFarFewerTransactions()
    {
        var journal = (SqliteJournal)Journal;
        var commitsBefore = journal.Commits;
        var jobs = Enumerable.Range(0, 2000).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(jobs.Select(job => journal.AppendAsync(job, 0, Events.Many(1), default)));
        var commits = journal.Commits - commitsBefore;
        Assert.True(commits < jobs.Length / 4, $"2000 concurrent appends took {commits} commits; group commit should batch them");
        foreach (var job in jobs.Take(50))
        {
            Assert.Equal(1, (await journal.GetStreamAsync(job, default))!.LastSeq);
        }
    }

    [Fact]
    public async Task AppendAsync_GroupCommitOff_OneTransactionPerAppend()
    {
        await using var journal = Open(_dir.File("single.db"), groupCommit: false);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => journal.AppendAsync(JobId.New(), 0, Events.Many(2), default)));
        Assert.Equal(50, journal.Commits);
        Assert.Equal(100, journal.AppendedEvents);
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsEveryAcknowledgedEvent()
    {
        var path = _dir.File("reopen.db");
        var job = JobId.New();
        await using (var first = Open(path))
        {
            await first.AppendAsync(job, 0, Events.Many(4), default);
        }
        await using var second = Open(path);
        Assert.Equal(4, (await second.ReadAsync(job, 0, 10, default)).Count);
        Assert.Equal(6, await second.AppendAsync(job, 4, Events.Many(2), default));
    }

    [Fact]
    public async Task AppendAsync_ConflictInBatch_DoesNotFailNeighbours()
    {
        var journal = (SqliteJournal)Journal;
        var contested = JobId.New();
        await journal.AppendAsync(contested, 0, Events.Many(1), default);
        var neighbours = Enumerable.Range(0, 200).Select(_ => JobId.New()).ToArray();
        var tasks = neighbours.Select(job => journal.AppendAsync(job, 0, Events.Many(1), default)).ToList();
        var conflicting = journal.AppendAsync(contested, 0, Events.Many(1), default);
        await Assert.ThrowsAsync<SequenceConflictException>(() => conflicting);
        Assert.All(await Task.WhenAll(tasks), last => Assert.Equal(1, last));
    }
}
