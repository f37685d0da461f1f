using System.Collections.Concurrent;
using Eco.Actors.Entities;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Sharding;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Unit.Jobs;

public sealed class JobEntityTests : JournalTest
{

    /// <summary>A scripted pipeline: stages a → b → c; behaviour per stage is set by each test; calls are counted.</summary>
    private sealed class ScriptedPipeline : IJobPipeline
    {
        public readonly ConcurrentDictionary<string, int> Calls = new();
        public Func<StageRun, IStageSink, CancellationToken, Task<string>> B = (_, _, _) => Task.FromResult("{\"b\":1}");
        public StagePolicy Policy = new(TimeSpan.FromSeconds(10), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(1));
        public string[][] Layers = [["a"], ["b"], ["c"]];

        public PipelineStep NextStep(JobState state)
        {
            foreach (var layer in Layers)
            {
                var ready = layer.Where(stage => !state.StageOutputs.ContainsKey(stage)).ToList();
                if (ready.Count > 0)
                {
                    return new RunStages([.. ready.Select(stage => new RunStage(stage, stage == "b" ? Policy : Policy with { FailMode = FailMode.Close }))]);
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
            await sink.EmitTokenAsync(run.Stage, cancellationToken);
            return $"{{\"{run.Stage}\":true}}";
        }
    }

    private EntityRegion<IJobMessage> Region(IJobPipeline pipeline, IShardOwnership? ownership = null) =>
        new(ctx => new JobEntity(ctx, new JobEntityServices(Journal, Journal, pipeline, new JobEntityOptions(), TimeProvider.System, NullLogger.Instance)
        {
            Ownership = ownership ?? LocalOwnership.Instance,
        }),
            new EntityRegionOptions(), TimeProvider.System, NullLogger.Instance);

    /// <summary>A node's hold on every job, switched by the test (the cluster's coordinator in miniature).</summary>
    private sealed class SwitchedOwnership : IShardOwnership
    {
        public volatile bool Held = true;

        public bool IsLocal(JobId job) => Held;
        public NodeInfo? OwnerOf(JobId job) => null;
        public Fence? FenceFor(JobId job) => null;
    }

    private async Task<List<JournalEntry>> RunToEndAsync(EntityRegion<IJobMessage> region, JobId job)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var head = await Journal.GetStreamAsync(job, deadline.Token);
            if (head is { IsTerminal: true })
            {
                return [.. await Journal.ReadAsync(job, 0, 10_000, deadline.Token)];
            }
            await Task.Delay(10, deadline.Token);
        }
    }

    private static async Task SubmitAsync(EntityRegion<IJobMessage> region, JobId job)
    {
        var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await region.TellAsync(job, new SubmitJob(new JobSpec("test", "hello", null), reply), default);
        Assert.True((await reply.Task.WaitAsync(TimeSpan.FromSeconds(10))).Created);
    }

    [Fact]
    public async Task Submit_AllStagesSucceed_JournalsStagesTokensAndOneCompletion()
    {
        var pipeline = new ScriptedPipeline();
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
        Assert.Equal(
            ["job.accepted", "stage.started", "token", "stage.completed", "stage.started", "stage.completed", "stage.started", "token", "stage.completed", "job.completed"],
            events.Select(e => e.Type));
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task Stage_ToldWhetherItsNodeMayStillActForTheJob_ForItsModelCalls()
    {
        var ownership = new SwitchedOwnership();
        var sinkOfB = new TaskCompletionSource<IStageSink>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ScriptedPipeline
        {
            B = async (_, sink, ct) =>
            {
                sinkOfB.TrySetResult(sink);
                await release.Task.WaitAsync(ct);
                return "{\"b\":1}";
            },
        };
        await using var region = Region(pipeline, ownership);
        await SubmitAsync(region, JobId.New());
        var sink = await sinkOfB.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sink.MayAct);
        ownership.Held = false; // the node's lease on the job's shard lapsed mid-stage
        Assert.False(sink.MayAct); // what a model request made by this stage checks before each attempt
        release.SetResult();
    }

    [Fact]
    public async Task Stage_ThrowsEveryAttempt_RetriesThenEndsWithExactlyOneJobFailed()
    {
        var pipeline = new ScriptedPipeline { B = (_, _, _) => throw new InvalidOperationException("provider down") };
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
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
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
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
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
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
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
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
        await using var region = Region(new ParallelProbe(pipeline, () =>
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                bothRunning.TrySetResult();
            }
        }));
        var job = JobId.New();
        await SubmitAsync(region, job);
        var events = await RunToEndAsync(region, job);
        Assert.Equal("job.completed", events[^1].Type);
        var starts = events.Where(e => e.Type == "stage.started" && e.Stage is "b" or "x").ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(starts[0].Seq + 1, starts[1].Seq); // journaled in one append
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

    [Fact]
    public async Task Recover_JobInterruptedDuringStage_ResumesThatStageAndNeverRerunsCompletedOnes()
    {
        var job = JobId.New();
        var now = DateTimeOffset.UtcNow;
        // What a crash leaves behind: stage a completed, stage b started (with a partial token), nothing after.
        await Journal.AppendAsync(job, 0,
        [
            new EventData("job.accepted", now, null, JobEventData.Accepted(new JobSpec("test", "hello", null))),
            new EventData("stage.started", now, "a", JobEventData.StageStarted(1, false)),
            new EventData("stage.completed", now, "a", JobEventData.StageCompleted("{\"a\":true}", 1, TimeSpan.Zero)),
            new EventData("stage.started", now, "b", JobEventData.StageStarted(1, false)),
            new EventData("token", now, "b", JobEventData.Token("partial")),
        ], default);

        var pipeline = new ScriptedPipeline();
        await using var region = Region(pipeline);
        await region.TellAsync(job, ResumeJob.Instance, default);
        var events = await RunToEndAsync(region, job);

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
    public async Task Submit_SameJobTwice_SecondIsNotCreatedAndJobRunsOnce()
    {
        var pipeline = new ScriptedPipeline();
        await using var region = Region(pipeline);
        var job = JobId.New();
        await SubmitAsync(region, job);
        var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await region.TellAsync(job, new SubmitJob(new JobSpec("test", "again", null), reply), default);
        Assert.False((await reply.Task.WaitAsync(TimeSpan.FromSeconds(10))).Created);
        var events = await RunToEndAsync(region, job);
        Assert.Single(events, e => e.Type == "job.accepted");
        Assert.Equal(1, pipeline.Calls["a"]);
    }
}
