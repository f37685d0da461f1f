using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Snapshots;
using Eco.Tests.Support;

namespace Eco.Tests.Contracts;

/// <summary>What every <see cref="IJournal"/> adapter must do; each adapter's test class inherits this suite.</summary>
public abstract class JournalContractTests : IAsyncLifetime
{
    protected IJournal Journal { get; private set; } = null!;
    protected ISnapshotStore Snapshots { get; private set; } = null!;

    /// <summary>Where the journal under test puts committed appends live (adapters pass it to the journal they create).</summary>
    protected RecordingPublisher Live { get; } = new();

    protected abstract Task<(IJournal Journal, ISnapshotStore Snapshots)> CreateAsync();

    public async Task InitializeAsync() => (Journal, Snapshots) = await CreateAsync();

    public virtual async Task DisposeAsync()
    {
        if (Journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task AppendAsync_CommittedEvents_GoLiveOnceInSeqOrder_BeforeTheAppenderIsReleased()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, Events.Many(3), default);
        Assert.Equal([1, 2, 3], Live.Of(job).Select(e => e.Seq)); // already live when the append returns
        var more = Events.Many(2);
        await Journal.AppendAsync(job, 3, more, default);
        var live = Live.Of(job);
        Assert.Equal([1, 2, 3, 4, 5], live.Select(e => e.Seq));
        Assert.Equal(more[1].DataJson, live[4].DataJson);
        Assert.Equal((await Journal.ReadAsync(job, 0, 100, default)).Select(e => (e.Seq, e.Type, e.Stage, e.DataJson)),
            live.Select(e => (e.Seq, e.Type, e.Stage, e.DataJson)));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendsInOneBatch_EachGoesLiveExactlyOnce()
    {
        var jobs = Enumerable.Range(0, 300).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(jobs.Select(job => Journal.AppendAsync(job, 0, Events.Many(2), default)));
        Assert.All(jobs, job => Assert.Equal([1, 2], Live.Of(job).Select(e => e.Seq)));
    }

    [Fact]
    public async Task AppendAsync_RefusedAppends_GoLiveNever()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, Events.Many(1), default);
        await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync(job, 0, Events.Many(2), default));
        await Journal.AppendAsync(job, 1, [Events.Stage(JobEventTypes.Completed, "{}")], default);
        await Assert.ThrowsAsync<StreamClosedException>(() => Journal.AppendAsync(job, 2, Events.Many(1), default));
        Assert.Equal([1, 2], Live.Of(job).Select(e => e.Seq));
    }

    [Fact]
    public async Task AppendAsync_NewStream_AssignsSeqFromOne()
    {
        var job = JobId.New();
        Assert.Equal(3, await Journal.AppendAsync(job, 0, Events.Many(3), default));
        Assert.Equal(5, await Journal.AppendAsync(job, 3, Events.Many(2), default));
        var entries = await Journal.ReadAsync(job, 0, 100, default);
        Assert.Equal([1, 2, 3, 4, 5], entries.Select(e => e.Seq));
        Assert.All(entries, e => Assert.Equal(job, e.JobId));
    }

    [Fact]
    public async Task AppendAsync_StaleExpectedSeq_ThrowsSequenceConflictAndStoresNothing()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, Events.Many(2), default);
        var conflict = await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync(job, 1, Events.Many(1), default));
        Assert.Equal(2, conflict.ActualSeq);
        await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync(job, 0, Events.Many(1), default));
        await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync(job, 7, Events.Many(1), default));
        Assert.Equal(2, (await Journal.ReadAsync(job, 0, 100, default)).Count);
    }

    [Fact]
    public async Task AppendAsync_ManyWritersAtSameSeq_ExactlyOneWins()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, Events.Many(1), default);
        var attempts = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Journal.AppendAsync(job, 1, Events.Many(2), default);
                return true;
            }
            catch (SequenceConflictException)
            {
                return false;
            }
        })).ToArray();
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(won => won));
        Assert.Equal([1, 2, 3], (await Journal.ReadAsync(job, 0, 100, default)).Select(e => e.Seq));
    }

    [Fact]
    public async Task AppendAsync_AfterTerminalEvent_ThrowsStreamClosed()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, [Events.Stage(), Events.Stage(JobEventTypes.Completed, "{\"answer\":\"a\"}")], default);
        await Assert.ThrowsAsync<StreamClosedException>(() => Journal.AppendAsync(job, 2, Events.Many(1), default));
        var head = await Journal.GetStreamAsync(job, default);
        Assert.NotNull(head);
        Assert.True(head.IsTerminal);
        Assert.Equal(2, head.LastSeq);
    }

    [Fact]
    public async Task AppendAsync_TerminalNotLast_ThrowsArgumentException()
    {
        var events = new[] { Events.Stage(JobEventTypes.Failed, "{\"reason\":\"x\"}"), Events.Stage() };
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync(JobId.New(), 0, events, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync(JobId.New(), 0, [], default));
    }

    [Fact]
    public async Task ReadAsync_AfterSeq_ReturnsOnlyLaterEntriesInOrderWithPayload()
    {
        var job = JobId.New();
        var events = Enumerable.Range(1, 10).Select(i => new EventData(JobEventTypes.Token, DateTimeOffset.UnixEpoch.AddSeconds(i), "answer", $"{{\"text\":\"t{i}\"}}")).ToArray();
        await Journal.AppendAsync(job, 0, events, default);
        var page = await Journal.ReadAsync(job, 4, 3, default);
        Assert.Equal([5, 6, 7], page.Select(e => e.Seq));
        Assert.Equal("{\"text\":\"t5\"}", page[0].DataJson);
        Assert.Equal("answer", page[0].Stage);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), page[0].Timestamp);
        Assert.Empty(await Journal.ReadAsync(job, 10, 3, default));
        Assert.Empty(await Journal.ReadAsync(JobId.New(), 0, 3, default));
    }

    [Fact]
    public async Task ReadAllAsync_PagesThroughEverything()
    {
        var job = JobId.New();
        await Journal.AppendAsync(job, 0, Events.Many(25), default);
        var seqs = new List<long>();
        await foreach (var e in Journal.ReadAllAsync(job, 0, pageSize: 7, default))
        {
            seqs.Add(e.Seq);
        }
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task ListJobsAsync_UnfinishedOnly_ExcludesEndedJobsAndPages()
    {
        var running = Enumerable.Range(0, 5).Select(_ => JobId.New()).ToArray();
        var ended = JobId.New();
        foreach (var job in running)
        {
            await Journal.AppendAsync(job, 0, Events.Many(1), default);
        }
        await Journal.AppendAsync(ended, 0, [Events.Stage(JobEventTypes.Failed, "{\"reason\":\"x\"}")], default);

        var unfinished = await Journal.ListJobsAsync(new JobListQuery(UnfinishedOnly: true, Limit: 1000), default);
        Assert.Superset(running.ToHashSet(), unfinished.Select(j => j.JobId).ToHashSet());
        Assert.DoesNotContain(unfinished, j => j.JobId == ended);
        var all = await Journal.ListJobsAsync(new JobListQuery(Limit: 1000), default);
        Assert.Contains(all, j => j.JobId == ended && j.IsTerminal && j.LastSeq == 1);

        var firstPage = await Journal.ListJobsAsync(new JobListQuery(Limit: 2), default);
        var secondPage = await Journal.ListJobsAsync(new JobListQuery(AfterJobId: firstPage[^1].JobId, Limit: 2), default);
        Assert.Equal(2, firstPage.Count);
        Assert.True(string.CompareOrdinal(secondPage[0].JobId.Value, firstPage[^1].JobId.Value) > 0);
    }

    [Fact]
    public async Task AppendAsync_ManyJobsConcurrently_EachStreamIsContiguous()
    {
        var jobs = Enumerable.Range(0, 100).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(jobs.Select(job => Task.Run(async () =>
        {
            var last = 0L;
            for (var i = 0; i < 20; i++)
            {
                last = await Journal.AppendAsync(job, last, Events.Many(1 + i % 3), default);
            }
        })));
        foreach (var job in jobs)
        {
            var seqs = (await Journal.ReadAsync(job, 0, 1000, default)).Select(e => e.Seq).ToArray();
            Assert.Equal(Enumerable.Range(1, seqs.Length).Select(i => (long)i), seqs);
            Assert.Equal(Enumerable.Range(0, 20).Sum(i => 1 + i % 3), seqs.Length);
        }
    }

    [Fact]
    public async Task AppendAsync_StaleFenceAmongConcurrentAppends_RefusesOnlyThatAppend()
    {
        // Appends of many jobs share transactions; one of them from a node that lost its shard must not sink the others.
        var (ours, lost) = (Random.Shared.Next(1_000_000), Random.Shared.Next(1_000_000, 2_000_000));
        await Journal.RaiseFenceAsync(ours, 3, default);
        await Journal.RaiseFenceAsync(lost, 3, default);
        var jobs = Enumerable.Range(0, 60).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(jobs.Select(job => Journal.AppendAsync(job, 0, Events.Many(1), new Fence(job == jobs[30] ? lost : ours, 3), default)));
        await Journal.RaiseFenceAsync(lost, 4, default); // another node took the second shard

        var appends = jobs.Select(job => Journal.AppendAsync(job, 1, Events.Many(2), new Fence(job == jobs[30] ? lost : ours, 3), default)).ToArray();
        var refused = await Assert.ThrowsAsync<FencedOutException>(() => appends[30]);
        Assert.Equal(4, refused.CurrentToken);
        Assert.All(await Task.WhenAll(appends.Where((_, i) => i != 30)), seq => Assert.Equal(3, seq));
        Assert.Equal(1, (await Journal.GetStreamAsync(jobs[30], default))!.LastSeq);
        Assert.Equal(3, (await Journal.GetStreamAsync(jobs[0], default))!.LastSeq);
    }

    [Fact]
    public async Task AppendAsync_StaleFence_IsRefusedOnceANewOwnerRaisedTheShardsFence()
    {
        var shard = Random.Shared.Next(1_000_000);
        var job = JobId.New();
        Assert.Equal(5, await Journal.RaiseFenceAsync(shard, 5, default));
        Assert.Equal(1, await Journal.AppendAsync(job, 0, Events.Many(1), new Fence(shard, 5), default));

        Assert.Equal(6, await Journal.RaiseFenceAsync(shard, 6, default)); // a new owner took the shard
        var refused = await Assert.ThrowsAsync<FencedOutException>(() => Journal.AppendAsync(job, 1, Events.Many(1), new Fence(shard, 5), default));
        Assert.Equal(6, refused.CurrentToken);
        Assert.Equal(2, await Journal.AppendAsync(job, 1, Events.Many(1), new Fence(shard, 6), default));

        // A proposal below the current token (the lease store lost its counter) still yields a larger token, never a smaller one.
        Assert.Equal(7, await Journal.RaiseFenceAsync(shard, 1, default));
        await Assert.ThrowsAsync<FencedOutException>(() => Journal.AppendAsync(job, 2, Events.Many(1), new Fence(shard, 6), default));
        Assert.Equal(3, await Journal.AppendAsync(job, 2, Events.Many(1), new Fence(shard, 7), default));
        Assert.Equal([1, 2, 3], (await Journal.ReadAsync(job, 0, 10, default)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Snapshots_SaveTwice_LoadLatestReturnsHighestSeq()
    {
        var job = JobId.New();
        Assert.Null(await Snapshots.LoadLatestAsync(job, default));
        await Snapshots.SaveAsync(job, 5, null, "{\"v\":5}", default);
        await Snapshots.SaveAsync(job, 9, "json:7101:job-state", "{\"v\":9}", default);
        var latest = await Snapshots.LoadLatestAsync(job, default);
        Assert.NotNull(latest);
        Assert.Equal(9, latest.Seq);
        Assert.Equal("{\"v\":9}", latest.State);
        Assert.Equal("json:7101:job-state", latest.Manifest);

        await Snapshots.DeleteAsync(job, 6, 9, default);
        Assert.Equal(5, (await Snapshots.LoadLatestAsync(job, default))!.Seq);
    }

    [Fact]
    public async Task DeleteThroughAsync_InternalStream_KeepsItsHead_AndJobStreamsAreNeverDeleted()
    {
        var stream = JobId.Parse("_0123456789abcdef_sharding_ecoShard_3");
        await Journal.AppendAsync(stream, 0, [Events.Stage("akka:13:CA"), Events.Stage("akka:13:CA"), Events.Stage("akka:13:CA")], default);
        await Journal.DeleteThroughAsync(stream, 3, default);
        Assert.Equal([3], (await Journal.ReadAsync(stream, 0, 10, default)).Select(e => e.Seq)); // the head stays: seqs never go back
        Assert.Equal(3, (await Journal.GetStreamAsync(stream, default))!.LastSeq);

        var job = JobId.New();
        await Journal.AppendAsync(job, 0, [Events.Stage(JobEventTypes.Accepted)], default);
        await Assert.ThrowsAsync<NotSupportedException>(() => Journal.DeleteThroughAsync(job, 1, default));
    }
}
