using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Sharding;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Jobs;

/// <summary>The job's persistent actor over Eco's journal plugin on a real SQLite file, supervised as sharding runs it.</summary>
public sealed class JobActorTests : TestKit, IAsyncLifetime
{
    private readonly TempDirectory _dir;
    private readonly SqliteJournal _journal;
    private readonly ShardFences _fences;
    private readonly XunitLogger _log;
    private readonly AppendRecorder _appends;

    public JobActorTests(ITestOutputHelper output) : this(new TempDirectory(), new AppendRecorder(), output)
    {
    }

    private JobActorTests(TempDirectory dir, AppendRecorder appends, ITestOutputHelper output)
        : this(dir, appends, JournalTest.Open(dir.File("journal.db"), live: appends), Fences(), output)
    {
    }

    private JobActorTests(TempDirectory dir, AppendRecorder appends, SqliteJournal journal, ShardFences fences, ITestOutputHelper output)
        : base(EcoActorSystems.Setup(journal, fences), output: output)
    {
        EcoActorSystems.StartScheduler(Sys);
        _dir = dir;
        _journal = journal;
        _fences = fences;
        _appends = appends;
        _log = new XunitLogger(output);
    }

    /// <summary>Every committed append, as the journal publishes it: one list per write.</summary>
    private sealed class AppendRecorder : Eco.Actors.Events.ILiveEventPublisher
    {
        public readonly ConcurrentQueue<IReadOnlyList<JournalEntry>> Writes = new();

        /// <summary>Set: a write it matches is acknowledged only once the task ends (the journal publishes before it acknowledges).</summary>
        public (Func<IReadOnlyList<JournalEntry>, bool> Matches, Task Release)? Hold;

        public void Publish(IReadOnlyList<JournalEntry> entries)
        {
            Writes.Enqueue(entries);
            if (Hold is { } hold && hold.Matches(entries))
            {
                hold.Release.Wait(TimeSpan.FromSeconds(10));
            }
        }
    }

    // One shard, held by this "node" under fence 1 until the test says otherwise.
    private static ShardFences Fences()
    {
        var fences = new ShardFences(new ShardResolver(1), TimeProvider.System, enforced: true);
        fences.Grant(0, 1, long.MaxValue);
        return fences;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Shutdown();
        await _journal.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A scripted pipeline: stages a → b → c; behaviour per stage is set by each test; calls are counted.</summary>
    private sealed class ScriptedPipeline : IJobPipeline
    {
        public readonly ConcurrentDictionary<string, int> Calls = new();
        public int Decisions;
        public Func<StageRun, IStageSink, CancellationToken, Task<string>> B = (_, _, _) => Task.FromResult("{\"b\":1}");
        public StagePolicy Policy = new(TimeSpan.FromSeconds(10), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(1));
        public string[][] Layers = [["a"], ["b"], ["c"]];
        public Func<JobState, string>? PureB; // set: b is a pure stage, computed by the job in place
        public string[] Silent = []; // stages that emit no token

        public PipelineStep NextStep(JobState state)
        {
            Interlocked.Increment(ref Decisions);
            foreach (var layer in Layers)
            {
                var ready = layer.Where(stage => !state.StageOutputs.ContainsKey(stage)).ToList();
                if (ready.Count > 0)
                {
                    return new RunStages([.. ready.Select(stage => stage == "b"
                        ? new RunStage(stage, Policy, PureB)
                        : new RunStage(stage, Policy with { FailMode = FailMode.Close }))]);
                }
            }
            return new CompleteJob("done");
        }

        public async Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(run.IsFallback ? run.Stage + ":fallback" : run.Stage, 1, (_, n) => n + 1);
            if (run.Stage == "b")
            {
                return await B(run, sink, cancellationToken);
            }
            if (!Silent.Contains(run.Stage))
            {
                await sink.EmitTokenAsync(run.Stage, cancellationToken);
            }
            return $"{{\"{run.Stage}\":true}}";
        }
    }

    private IActorRef Start(IJobPipeline pipeline, JobId job, JobEntityOptions? options = null, EntityOptions? supervision = null) =>
        Sys.ActorOf(EntitySupervisor.Props(
            reason => JobActor.Props(job, new JobEntityServices(pipeline, options ?? new JobEntityOptions(), TimeProvider.System, _log)
            {
                Fences = _fences,
            }, reason),
            supervision ?? new EntityOptions { MinRestartBackoff = TimeSpan.FromMilliseconds(10), MaxRestartBackoff = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System, NullLogger.Instance), job.Value);

    private async Task<IActorRef> SubmitAsync(IJobPipeline pipeline, JobId job, EntityOptions? supervision = null)
    {
        var entity = Start(pipeline, job, supervision: supervision);
        Assert.True((await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null)), TimeSpan.FromSeconds(10))).Created);
        return entity;
    }

    private Task StartDurableAsync(JobId job, string stage) => AwaitConditionAsync(async () =>
        (await _journal.ReadAsync(job, 0, 1_000, default)).Any(e => e.Type == "stage.started" && e.Stage == stage), TimeSpan.FromSeconds(10));

    private async Task<List<JournalEntry>> RunToEndAsync(JobId job)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await _journal.GetStreamAsync(job, deadline.Token) is { IsTerminal: true })
            {
                return [.. await _journal.ReadAsync(job, 0, 10_000, deadline.Token)];
            }
            await Task.Delay(10, deadline.Token);
        }
    }

    [Fact]
    public async Task Submit_AllStagesSucceed_JournalsStagesTokensAndOneCompletion()
    {
        var job = JobId.New();
        await SubmitAsync(new ScriptedPipeline(), job);
        var events = await RunToEndAsync(job);
        Assert.Equal(
            ["job.accepted", "stage.started", "token", "stage.completed", "stage.started", "stage.completed", "stage.started", "token", "stage.completed", "job.completed"],
            events.Select(e => e.Type));
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Stage_ToldWhetherItsNodeMayStillActForTheJob_ForItsModelCalls()
    {
        var sinkOfB = new TaskCompletionSource<IStageSink>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ScriptedPipeline
        {
            B = async (_, sink, ct) =>
            {
                sinkOfB.TrySetResult(sink);
                await Task.Delay(Timeout.Infinite, ct);
                return "{}";
            },
        };
        await SubmitAsync(pipeline, JobId.New());
        var sink = await sinkOfB.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sink.MayAct);
        _fences.Revoke(0, 1); // the node's lease on the job's shard was lost mid-stage
        Assert.False(sink.MayAct); // what a model request made by this stage checks before each attempt
    }

    [Fact]
    public async Task Stage_ThrowsEveryAttempt_RetriesThenEndsWithExactlyOneJobFailed()
    {
        var pipeline = new ScriptedPipeline { B = (_, _, _) => throw new InvalidOperationException("provider down") };
        var job = JobId.New();
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);
        Assert.Equal(2, pipeline.Calls["b"]);
        Assert.False(pipeline.Calls.ContainsKey("c"));
        var failures = events.Where(e => e.Type == "stage.failed").ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("\"will_retry\":true", failures[0].DataJson);
        Assert.Contains("\"will_retry\":false", failures[1].DataJson);
        Assert.Equal("job.failed", events[^1].Type);
        Assert.Contains("provider down", events[^1].DataJson);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Stage_FailsInATracedJob_ItsWarningNamesTheSubmitsTrace()
    {
        var submit = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var warned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.Logged += (id, message) =>
        {
            if (id.Id == 1021) // ActorsLog.StageAttemptFailed
            {
                warned.TrySetResult(message);
            }
        };
        var pipeline = new ScriptedPipeline { B = (_, _, _) => throw new InvalidOperationException("provider down") };
        var entity = Start(pipeline, JobId.New());
        var traceParent = $"00-{submit.TraceId}-{submit.SpanId}-01";
        Assert.True((await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null), traceParent), TimeSpan.FromSeconds(10))).Created);

        Assert.Contains($"trace {submit.TraceId}", await warned.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Stage_TimesOut_IsNotRetriedEvenWithAttemptsLeft()
    {
        var pipeline = new ScriptedPipeline
        {
            Policy = new StagePolicy(TimeSpan.FromMilliseconds(100), MaxAttempts: 3, RetryBackoff: TimeSpan.Zero),
            B = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return "{}";
            },
        };
        var job = JobId.New();
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);
        Assert.Equal(1, pipeline.Calls["b"]);
        var failed = Assert.Single(events, e => e.Type == "stage.failed");
        Assert.Contains("timed out", failed.DataJson);
        Assert.Contains("\"will_retry\":false", failed.DataJson);
        Assert.Equal("job.failed", events[^1].Type);
    }

    [Fact]
    public async Task Stage_FailOpen_JobContinuesWithFailedOutputAndCompletes()
    {
        var pipeline = new ScriptedPipeline
        {
            Policy = new StagePolicy(TimeSpan.FromSeconds(5), MaxAttempts: 2, RetryBackoff: TimeSpan.Zero, FailMode.Open),
            B = (_, _, _) => throw new InvalidOperationException("weather service down"),
        };
        var job = JobId.New();
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);
        Assert.Equal("job.completed", events[^1].Type);
        Assert.Equal(1, pipeline.Calls["c"]);
        var open = Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "b");
        Assert.Contains("\"ok\":false", open.DataJson);
        Assert.Contains("weather service down", open.DataJson);
    }

    [Fact]
    public async Task Stage_FailModeFallback_RunsTheFallbackOnceAndUsesItsOutput()
    {
        var pipeline = new ScriptedPipeline
        {
            Policy = new StagePolicy(TimeSpan.FromSeconds(5), MaxAttempts: 2, RetryBackoff: TimeSpan.Zero, FailMode.Fallback),
            B = (run, _, _) => run.IsFallback ? Task.FromResult("{\"from\":\"fallback\"}") : throw new InvalidOperationException("primary down"),
        };
        var job = JobId.New();
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);
        Assert.Equal(2, pipeline.Calls["b"]);
        Assert.Equal(1, pipeline.Calls["b:fallback"]);
        Assert.Contains("\"fallback\":true", events.Single(e => e.Type == "stage.started" && e.Stage == "b" && e.DataJson!.Contains("fallback")).DataJson);
        Assert.Contains("\"from\":\"fallback\"", events.Single(e => e.Type == "stage.completed" && e.Stage == "b").DataJson);
        Assert.Equal("job.completed", events[^1].Type);
    }

    [Fact]
    public async Task Stages_ReadyTogether_RunInParallelWithOneLamportTime()
    {
        var bothRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var pipeline = new ScriptedPipeline
        {
            Layers = [["a"], ["b", "x"], ["c"]],
            B = async (_, _, ct) =>
            {
                await bothRunning.Task.WaitAsync(ct); // b finishes only once x has started: they must overlap
                return "{}";
            },
        };
        var job = JobId.New();
        await SubmitAsync(new ParallelProbe(pipeline, () =>
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                bothRunning.TrySetResult();
            }
        }), job);
        var events = await RunToEndAsync(job);
        Assert.Equal("job.completed", events[^1].Type);
        var starts = events.Where(e => e.Type == "stage.started" && e.Stage is "b" or "x").ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(starts[0].Seq + 1, starts[1].Seq); // persisted in one atomic write
        var lamport = JobEventData.ReadLong(starts[0].DataJson, "lamport");
        Assert.NotNull(lamport);
        Assert.Equal(lamport, JobEventData.ReadLong(starts[1].DataJson, "lamport"));
    }

    private sealed class ParallelProbe(ScriptedPipeline inner, Action onStageStart) : IJobPipeline
    {
        public PipelineStep NextStep(JobState state) => inner.NextStep(state);

        public Task<string> RunStageAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
        {
            if (run.Stage is "b" or "x")
            {
                onStageStart();
            }
            return run.Stage == "x" ? Task.FromResult("{}") : inner.RunStageAsync(run, sink, cancellationToken);
        }
    }

    private async Task<JobId> InterruptedJobAsync()
    {
        var job = JobId.New();
        var now = DateTimeOffset.UtcNow;
        // What a crash leaves behind: stage a completed, stage b started (with a partial token), nothing after.
        await _journal.AppendAsync(job, 0,
        [
            new EventData("job.accepted", now, null, JobEventData.Accepted(new JobSpec("test", "hello", null))),
            new EventData("stage.started", now, "a", JobEventData.StageStarted(1, false)),
            new EventData("stage.completed", now, "a", JobEventData.StageCompleted("{\"a\":true}", 1, TimeSpan.Zero)),
            new EventData("stage.started", now, "b", JobEventData.StageStarted(1, false)),
            new EventData("token", now, "b", JobEventData.Token("partial")),
        ], default);
        return job;
    }

    [Fact]
    public async Task Recover_JobInterruptedDuringStage_ResumesThatStageAndNeverRerunsCompletedOnes()
    {
        var job = await InterruptedJobAsync();
        var pipeline = new ScriptedPipeline();
        Start(pipeline, job); // as remember-entities starts it on the shard's next node: no message needed
        var events = await RunToEndAsync(job);

        Assert.False(pipeline.Calls.ContainsKey("a")); // its output was journaled: never called again
        Assert.Equal(1, pipeline.Calls["b"]);
        var resumed = events.First(e => e.Seq == 6);
        Assert.Equal(("stage.started", "b"), (resumed.Type, resumed.Stage));
        Assert.Contains("\"attempt\":2", resumed.DataJson);
        Assert.Contains("\"resumed\":true", resumed.DataJson);
        Assert.Equal(1, events.Count(e => e.Type == "stage.completed" && e.Stage == "a"));
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Recover_AttemptCutOffByACrash_IsNotCountedAgainstTheStagesRetries()
    {
        var job = await InterruptedJobAsync(); // b's attempt 1 was running when its node died
        var pipeline = new ScriptedPipeline { B = (_, _, _) => throw new InvalidOperationException("provider down") };
        Start(pipeline, job);
        var events = await RunToEndAsync(job);

        Assert.Equal(2, pipeline.Calls["b"]); // MaxAttempts = 2 failures, though this is its third attempt in all
        var failures = events.Where(e => e.Type == "stage.failed").ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("\"attempt\":3", failures[^1].DataJson);
        Assert.Equal("job.failed", events[^1].Type);
        Assert.Equal(2, JobStateFold.Replay(JobState.Empty(job), events).Failures["b"]);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task GiveUpRun_UnfinishedJob_EndsWithJobFailedAndTheReason_WithoutRunningAStage()
    {
        var job = await InterruptedJobAsync();
        var pipeline = new ScriptedPipeline();
        Sys.ActorOf(JobActor.Props(job, new JobEntityServices(pipeline, new JobEntityOptions(), TimeProvider.System, NullLogger.Instance) { Fences = _fences },
            giveUpReason: "the journal failed a write: disk full"));
        var events = await RunToEndAsync(job);
        Assert.Equal("job.failed", events[^1].Type);
        Assert.Contains("disk full", events[^1].DataJson);
        Assert.Empty(pipeline.Calls);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Submit_SameJobTwice_SecondIsNotCreatedAndJobRunsOnce()
    {
        var pipeline = new ScriptedPipeline();
        var job = JobId.New();
        var entity = await SubmitAsync(pipeline, job);
        var again = await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null)), TimeSpan.FromSeconds(10));
        Assert.False(again.Created);
        Assert.False(again.DifferentRequest);
        var other = await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "another question", null)), TimeSpan.FromSeconds(10));
        Assert.False(other.Created);
        Assert.True(other.DifferentRequest); // a reused idempotency key: refused by the API, never run
        var events = await RunToEndAsync(job);
        Assert.Single(events, e => e.Type == "job.accepted");
        Assert.Equal(1, pipeline.Calls["a"]);
    }

    [Fact]
    public async Task Resume_WhileAStageRuns_StartsNothingAgain_AndTheJobEndsOnce()
    {
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ScriptedPipeline
        {
            B = async (_, _, ct) =>
            {
                bStarted.TrySetResult();
                await release.Task.WaitAsync(ct);
                return "{\"b\":1}";
            },
        };
        var warnings = new ConcurrentQueue<int>();
        _log.Logged += (id, _) =>
        {
            if (id.Id is 1016 or 1017)
            {
                warnings.Enqueue(id.Id);
            }
        };
        var job = JobId.New();
        var entity = await SubmitAsync(pipeline, job);
        await bStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StartDurableAsync(job, "b");

        entity.Tell(ResumeJob.Instance); // the sweep's false alarm: b is busy
        // Handled in order after the wake: once this is answered, the wake was too.
        Assert.False((await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null)), TimeSpan.FromSeconds(10))).Created);
        release.SetResult();
        var events = await RunToEndAsync(job);

        Assert.Equal("job.completed", events[^1].Type);
        Assert.Single(events, e => e.Type == "stage.started" && e.Stage == "b");
        Assert.Equal(1, pipeline.Calls["b"]);
        Assert.Empty(warnings);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Resume_ThatStartsTheEntity_SaysSo_AndTheJobResumesFromItsJournal()
    {
        var job = await InterruptedJobAsync(); // its node died; nothing restarted its entity
        var startedBySweep = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.Logged += (id, message) =>
        {
            if (id.Id == 1017) // ActorsLog.JobStartedBySweep
            {
                startedBySweep.TrySetResult(message);
            }
        };
        var pipeline = new ScriptedPipeline();
        Start(pipeline, job).Tell(ResumeJob.Instance); // as sharding starts an entity for the message it delivers

        Assert.Contains(job.Value, await startedBySweep.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var events = await RunToEndAsync(job);
        Assert.Equal("job.completed", events[^1].Type);
        Assert.False(pipeline.Calls.ContainsKey("a")); // journaled: never called again
        Assert.Equal(1, pipeline.Calls["b"]);
        Assert.Contains("\"resumed\":true", events.Single(e => e.Seq == 6).DataJson);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task FencedOutMidJob_TheWriteIsRefusedWithoutAGap_AndTheJobGoesOnOnceTheShardIsHeldAgain()
    {
        var releaseB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ScriptedPipeline
        {
            B = async (_, _, ct) =>
            {
                bStarted.TrySetResult();
                await releaseB.Task.WaitAsync(ct);
                return "{\"b\":2}";
            },
        };
        var job = JobId.New();
        await SubmitAsync(pipeline, job, new EntityOptions { MinRestartBackoff = TimeSpan.FromMilliseconds(200), MaxRestartBackoff = TimeSpan.FromMilliseconds(200), MaxRestarts = 50 });
        await bStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StartDurableAsync(job, "b"); // a run starts while its start is written
        var before = (await _journal.GetStreamAsync(job, default))!.LastSeq;
        var decisions = pipeline.Decisions;

        // Another node took the shard: the journal's fence is raised past this node's token, whose grant is still in place (it
        // does not know yet). Its writes must be refused and leave nothing behind; it restarts and recovers, again and again.
        var raised = await _journal.RaiseFenceAsync(0, 5, default);
        releaseB.SetResult();
        await AwaitConditionAsync(() => Task.FromResult(pipeline.Decisions >= decisions + 3), TimeSpan.FromSeconds(10)); // two recoveries after it
        Assert.Equal(before, (await _journal.GetStreamAsync(job, default))!.LastSeq); // nothing written under the stale fence

        // The shard comes back to this node under the new token: the job continues from what is durable, with no gap.
        _fences.Grant(0, raised, long.MaxValue);
        var events = await RunToEndAsync(job);
        Assert.Equal("job.completed", events[^1].Type);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "a");
    }

    [Fact]
    public async Task Stage_CutOffWhileItsNodeMayNotAct_SpendsNoAttempt_AndRunsAgainOnceTheNodeMayAct()
    {
        var bRuns = 0;
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leaseLapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ScriptedPipeline
        {
            // b's model call is refused, as a model request refuses it, whenever the node may not act on the job.
            B = async (_, sink, ct) =>
            {
                Interlocked.Increment(ref bRuns);
                bStarted.TrySetResult();
                await leaseLapsed.Task.WaitAsync(ct);
                return sink.MayAct ? "{\"b\":3}" : throw new InvalidOperationException("model call not made: this node no longer owns the job");
            },
        };
        pipeline.Policy = pipeline.Policy with { MaxAttempts = 1 }; // one counted failure would end the job
        var job = JobId.New();
        await SubmitAsync(pipeline, job);
        await bStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StartDurableAsync(job, "b"); // a run starts while its start is written
        var cutOffSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.Logged += (id, _) =>
        {
            if (id.Id == 1022) // ActorsLog.StageCutOff: the entity saw the fault while fenced
            {
                cutOffSeen.TrySetResult();
            }
        };
        _fences.Revoke(0, 1); // the shard's lease lapses while b waits for its model call
        leaseLapsed.SetResult();
        await cutOffSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref bRuns)); // not run again while the node may not act
        var whileFenced = await _journal.ReadAsync(job, 0, 1_000, default);
        Assert.DoesNotContain(whileFenced, e => e.Type is "stage.failed" or "job.failed"); // nothing journaled, no attempt spent

        _fences.Grant(0, 1, long.MaxValue); // the node keeps the shard after all
        var events = await RunToEndAsync(job);
        Assert.Equal("job.completed", events[^1].Type);
        Assert.DoesNotContain(events, e => e.Type == "stage.failed");
        Assert.Single(events, e => e.Type == "stage.started" && e.Stage == "b"); // the same attempt ran again
        Assert.Equal(2, Volatile.Read(ref bRuns));
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task LongJob_SnapshotsItsState_AndARecoveryStartsFromTheSnapshot()
    {
        var job = JobId.New();
        var pipeline = new ScriptedPipeline { Layers = [["a"], ["b"], ["c"], ["d"], ["e"]] };
        var entity = Start(pipeline, job, new JobEntityOptions { SnapshotEvery = 4 });
        await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null)), TimeSpan.FromSeconds(10));
        var events = await RunToEndAsync(job);
        Eco.Actors.Snapshots.Snapshot? snapshot = null;
        await AwaitConditionAsync(async () => (snapshot = await _journal.LoadLatestAsync(job, default)) is not null, TimeSpan.FromSeconds(10)); // saved aside
        Assert.NotNull(snapshot);
        Assert.StartsWith("json:", snapshot.Manifest);
        Assert.Contains("\"stageOutputs\"", snapshot.State); // a job's state as readable JSON
        Assert.InRange(snapshot.Seq, 4, events[^1].Seq);

        // A new incarnation recovers (snapshot, then the events after it) to the same state: the ended job only passivates.
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
        var again = Start(pipeline, job);
        var outcome = await again.Ask<SubmitOutcome>(new SubmitJob(new JobSpec("test", "hello", null)), TimeSpan.FromSeconds(10));
        Assert.False(outcome.Created);
        Assert.Equal(events[^1].Seq, outcome.LastSeq);
    }

    [Fact]
    public async Task PureStage_IsComputedInPlace_InTheWriteThatCompletesTheStageBeforeIt()
    {
        var job = JobId.New();
        var computed = 0;
        var pipeline = new ScriptedPipeline
        {
            PureB = state =>
            {
                Interlocked.Increment(ref computed);
                return $"{{\"saw_a\":{(state.StageOutputs.ContainsKey("a") ? "true" : "false")}}}";
            },
        };
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);

        Assert.Equal(
            ["job.accepted", "stage.started", "token", "stage.completed", "stage.started", "stage.completed", "stage.started", "token", "stage.completed", "job.completed"],
            events.Select(e => e.Type));
        Assert.Contains("\"saw_a\":true", events.Single(e => e.Type == "stage.completed" && e.Stage == "b").DataJson);
        Assert.Equal(1, Volatile.Read(ref computed));
        Assert.False(pipeline.Calls.ContainsKey("b")); // no run of its own
        // a's completion, b's start and end, and c's start went to the journal in one write.
        var write = Assert.Single(_appends.Writes, w => w.Any(e => e.Type == "stage.completed" && e.Stage == "a"));
        Assert.Equal(["stage.completed:a", "stage.started:b", "stage.completed:b", "stage.started:c"], write.Select(e => $"{e.Type}:{e.Stage}"));
    }

    [Fact]
    public async Task SiblingRuns_StartWhileTheirStartIsWritten_AndTheirResultsAreWrittenAsOneStep()
    {
        var job = JobId.New();
        var pipeline = new ScriptedPipeline { Layers = [["a"], ["b", "d"], ["c"]], Silent = ["d"] };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _appends.Hold = (write => write.Any(e => e.Type == "stage.started" && e.Stage == "b"), release.Task);
        await SubmitAsync(pipeline, job);

        // The write that starts b and d is held (committed, not yet acknowledged): both run, and end, before the job hears it is durable.
        await AwaitConditionAsync(() => Task.FromResult(pipeline.Calls.ContainsKey("b") && pipeline.Calls.ContainsKey("d")), TimeSpan.FromSeconds(10));
        release.SetResult();
        var events = await RunToEndAsync(job);

        Assert.Equal("job.completed", events[^1].Type);
        Assert.Equal(1, pipeline.Calls["b"]);
        Assert.Equal(1, pipeline.Calls["d"]);
        // Their results waited out the same write: both completions, and c's start, went to the journal in one write.
        var write = Assert.Single(_appends.Writes, w => w.Any(e => e.Type == "stage.completed" && e.Stage == "b"));
        Assert.Equal(["stage.completed:b", "stage.completed:d", "stage.started:c"], write.Select(e => $"{e.Type}:{e.Stage}").Order());
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Theory]
    [InlineData(FailMode.Close)]
    [InlineData(FailMode.Open)]
    public async Task PureStage_ThatThrows_IsNotRetried_AndItsFailModeApplies(FailMode mode)
    {
        var job = JobId.New();
        var computed = 0;
        var pipeline = new ScriptedPipeline
        {
            Policy = new StagePolicy(TimeSpan.FromSeconds(5), MaxAttempts: 3, RetryBackoff: TimeSpan.Zero, mode),
            PureB = _ =>
            {
                Interlocked.Increment(ref computed);
                throw new InvalidOperationException("no rule fits");
            },
        };
        await SubmitAsync(pipeline, job);
        var events = await RunToEndAsync(job);

        Assert.Equal(1, Volatile.Read(ref computed)); // the same state would fail the same way again
        Assert.Single(events, e => e.Type == "stage.failed" && e.Stage == "b" && (e.DataJson ?? "").Contains("no rule fits", StringComparison.Ordinal));
        if (mode == FailMode.Close)
        {
            Assert.Equal("job.failed", events[^1].Type);
            Assert.Contains("stage 'b' failed: no rule fits", events[^1].DataJson, StringComparison.Ordinal);
            Assert.DoesNotContain(events, e => e.Stage == "c");
        }
        else
        {
            Assert.Equal("job.completed", events[^1].Type);
            Assert.Contains("\"ok\":false", events.Single(e => e.Type == "stage.completed" && e.Stage == "b").DataJson, StringComparison.Ordinal);
            Assert.Contains(events, e => e.Type == "stage.completed" && e.Stage == "c");
        }
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }
}
