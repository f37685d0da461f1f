using System.Diagnostics;
using System.Text.Json;
using Eco.Actors.Entities;
using Eco.Actors.Events;
using Eco.Actors.Journal;
using Eco.Actors.Snapshots;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Jobs;

/// <summary>The persistent entity of one job: decides on commands, journals events, folds them into state, and drives the pipeline.</summary>
/// <remarks>
/// State changes only by <see cref="JobStateFold.Apply"/> after an append succeeded. A stage runs as a task outside the mailbox and
/// reports back by message, so the entity keeps handling messages (tokens, results) one at a time while work is in flight.
/// </remarks>
public sealed class JobEntity : IEntity<IJobMessage>
{
    private static long s_nextRunId;

    private readonly IEntityContext<IJobMessage> _context;
    private readonly JobEntityServices _services;
    private readonly IJournal _journal;
    private readonly ISnapshotStore _snapshots;
    private readonly IJobPipeline _pipeline;
    private readonly JobEntityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _work = new();
    private JobState _state;
    private long _eventsSinceSnapshot;
    private readonly Dictionary<string, ActiveRun> _runs = new(StringComparer.Ordinal);

    /// <summary>Creates the entity; nothing is read until <see cref="RecoverAsync"/>.</summary>
    public JobEntity(IEntityContext<IJobMessage> context, JobEntityServices services)
    {
        _context = context;
        _services = services;
        _journal = services.Journal;
        _snapshots = services.Snapshots;
        _pipeline = services.Pipeline;
        _options = services.Options;
        _time = services.Time;
        _logger = services.Logger;
        _state = JobState.Empty(context.Id);
    }

    /// <summary>The current state (for tests and diagnostics).</summary>
    public JobState State => _state;

    /// <inheritdoc />
    public bool CanPassivate => _runs.Count == 0;

    /// <inheritdoc />
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await _services.RecoveryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReplayAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _services.RecoveryGate.Release();
        }
        if (_state.Status == JobStatus.Running)
        {
            await AdvanceAsync([], cancellationToken).ConfigureAwait(false); // an unfinished job continues after the last journaled stage
        }
        else if (_state.IsTerminal)
        {
            await NotifyEndedAsync(cancellationToken).ConfigureAwait(false); // in case the node died before the observer heard it
        }
    }

    private async Task NotifyEndedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _services.Observer.JobEndedAsync(_state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ActorsLog.ObserverFailed(_logger, _context.Id.Value, ex);
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _snapshots.LoadLatestAsync(_context.Id, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null)
        {
            _state = JsonSerializer.Deserialize<JobState>(snapshot.StateJson, JobStateFold.SnapshotJson) ?? _state;
        }
        await foreach (var entry in _journal.ReadAllAsync(_context.Id, _state.LastSeq, _options.ReplayPageSize, cancellationToken).ConfigureAwait(false))
        {
            _state = JobStateFold.Apply(_state, entry);
        }
    }

    /// <inheritdoc />
    public Task HandleAsync(IJobMessage message, CancellationToken cancellationToken) => message switch
    {
        SubmitJob submit => SubmitAsync(submit, cancellationToken),
        ResumeJob => Task.CompletedTask, // activation itself resumed the job in RecoverAsync
        CancelJob cancel when _state.Status == JobStatus.Running => FailJobAsync([], cancel.Reason, cancellationToken),
        StageTokens tokens when Current(tokens.RunId) is not null => AppendAsync(
            [Event(JobEventTypes.Token, tokens.Stage, JobEventData.Token(tokens.Text))], cancellationToken),
        StageProgress progress when Current(progress.RunId) is not null => AppendAsync(
            [Event(progress.Type, progress.Stage, progress.DataJson)], cancellationToken),
        StageSucceeded done when Current(done.RunId) is { } run => CompleteStageAsync(run, done, cancellationToken),
        StageFaulted fault when Current(fault.RunId) is { } run => FailStageAsync(run, fault, cancellationToken),
        RetryStage retry when Current(retry.RunId) is { } run => RetryAsync(run, cancellationToken),
        _ => Task.CompletedTask, // from a run this instance did not start (before a restart) or already cancelled: ignore it
    };

    /// <inheritdoc />
    public async Task GiveUpAsync(Exception cause, CancellationToken cancellationToken)
    {
        if (_state.Status == JobStatus.Running)
        {
            await AppendAsync([Event(JobEventTypes.Failed, null, JobEventData.Failed($"internal error: {cause.Message}"))], cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _work.CancelAsync().ConfigureAwait(false);
        foreach (var run in _runs.Values)
        {
            try
            {
                await run.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the run was cancelled on purpose
            }
            run.Cancellation.Dispose();
        }
        _runs.Clear();
        _work.Dispose();
    }

    private async Task SubmitAsync(SubmitJob submit, CancellationToken cancellationToken)
    {
        if (_state.Status != JobStatus.New)
        {
            submit.Reply.TrySetResult(new SubmitOutcome(Created: false, _state.LastSeq));
            return;
        }
        try
        {
            // Accepted and the first stages in one append: the reply waits for one group commit, not two.
            await AdvanceAsync([Event(JobEventTypes.Accepted, null, JobEventData.Accepted(submit.Spec))], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            submit.Reply.TrySetException(ex);
            throw;
        }
        submit.Reply.TrySetResult(new SubmitOutcome(Created: true, _state.LastSeq));
    }

    /// <summary>Asks the pipeline what is ready and starts what is not running yet; ends the job when nothing is left.</summary>
    /// <param name="before">Events that lead to this decision (a stage's completion); journaled in the same append as what it
    /// starts, so each step of the pipeline costs one group commit, not two.</param>
    /// <param name="cancellationToken">Stops the entity.</param>
    private async Task AdvanceAsync(IReadOnlyList<EventData> before, CancellationToken cancellationToken)
    {
        if (_state.IsTerminal)
        {
            return;
        }
        var decidedOn = _state;
        for (var i = 0; i < before.Count; i++)
        {
            var e = before[i];
            decidedOn = JobStateFold.Apply(decidedOn, new JournalEntry(_context.Id, _state.LastSeq + 1 + i, e.Type, e.Timestamp, e.Stage, e.DataJson));
        }
        PipelineStep step;
        try
        {
            step = _pipeline.NextStep(decidedOn);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            step = new FailJob($"pipeline error: {ex.Message}");
        }
        switch (step)
        {
            case RunStages ready when ready.Stages.Any(s => !_runs.ContainsKey(s.Stage)):
                var toStart = ready.Stages.Where(s => !_runs.ContainsKey(s.Stage)).ToList();
                // Siblings started together share one Lamport time: they are concurrent, and the merge orders them by it.
                var lamport = decidedOn.Clock + 1;
                var started = toStart.Select(s =>
                {
                    var resumed = decidedOn.Running.TryGetValue(s.Stage, out var previous); // started before a crash, never completed
                    var attempt = resumed ? previous + 1 : 1;
                    return (Stage: s, Attempt: attempt, Event: Event(JobEventTypes.StageStarted, s.Stage,
                        JobEventData.StageStarted(attempt, resumed, toStart.Count > 1 ? lamport : null)));
                }).ToList();
                await AppendAsync([.. before, .. started.Select(s => s.Event)], cancellationToken).ConfigureAwait(false);
                foreach (var (stage, attempt, _) in started)
                {
                    StartRun(stage, attempt, isFallback: false);
                }
                break;
            case CompleteJob complete when _runs.Count == 0:
                await AppendAsync([.. before, Event(JobEventTypes.Completed, null, JobEventData.Completed(complete.Answer))], cancellationToken)
                    .ConfigureAwait(false);
                break;
            case FailJob fail:
                await FailJobAsync([.. before], fail.Reason, cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (before.Count > 0)
                {
                    await AppendAsync(before, cancellationToken).ConfigureAwait(false); // what is ready is already running
                }
                break;
        }
    }

    private void StartRun(RunStage step, int attempt, bool isFallback)
    {
        var runId = Interlocked.Increment(ref s_nextRunId);
        var run = new StageRun(step.Stage, attempt, _state, isFallback);
        var sink = new EntityStageSink(_context, runId, step.Stage, _services.Ownership);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        var token = cancellation.Token;
        _runs[step.Stage] = new ActiveRun(runId, step, attempt, isFallback,
            Task.Run(() => ExecuteAsync(runId, run, step.Policy, sink, token), token), cancellation);
    }

    private async Task ExecuteAsync(long runId, StageRun run, StagePolicy policy, IStageSink sink, CancellationToken entityToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(policy.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(entityToken, timeout.Token);
        IJobMessage outcome;
        try
        {
            var output = await _pipeline.RunStageAsync(run, sink, linked.Token).ConfigureAwait(false);
            outcome = new StageSucceeded(runId, run.Stage, output, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !entityToken.IsCancellationRequested)
        {
            outcome = new StageFaulted(runId, run.Stage, $"timed out after {policy.Timeout.TotalSeconds:0.###} s", NoRetry: true);
        }
        catch (StageUnavailableException ex) when (!entityToken.IsCancellationRequested)
        {
            outcome = new StageFaulted(runId, run.Stage, ex.Message, NoRetry: true);
        }
        catch (Exception ex) when (!entityToken.IsCancellationRequested)
        {
            outcome = new StageFaulted(runId, run.Stage, ex.Message, NoRetry: false);
        }
        await _context.TellSelfAsync(outcome, entityToken).ConfigureAwait(false);
    }

    private async Task CompleteStageAsync(ActiveRun run, StageSucceeded done, CancellationToken cancellationToken)
    {
        _runs.Remove(done.Stage);
        run.Cancellation.Dispose();
        await AdvanceAsync([Event(JobEventTypes.StageCompleted, done.Stage, JobEventData.StageCompleted(done.OutputJson, run.Attempt, done.Took))], cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task FailStageAsync(ActiveRun run, StageFaulted fault, CancellationToken cancellationToken)
    {
        ActorsLog.StageAttemptFailed(_logger, _context.Id.Value, fault.Stage, run.Attempt, fault.Error);
        var policy = run.Step.Policy;
        // A timed-out attempt is not retried (the next would most likely time out too, and the job would wait twice as long), nor
        // one refused by an open breaker.
        var willRetry = !run.IsFallback && !fault.NoRetry && run.Attempt < policy.MaxAttempts;
        var failed = Event(JobEventTypes.StageFailed, fault.Stage, JobEventData.StageFailed(fault.Error, run.Attempt, willRetry));
        if (willRetry)
        {
            await AppendAsync([failed], cancellationToken).ConfigureAwait(false);
            var delay = policy.RetryBackoff * Math.Pow(2, run.Attempt - 1);
            var token = run.Cancellation.Token;
            _runs[fault.Stage] = run with
            {
                Task = Task.Run(async () =>
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                    await _context.TellSelfAsync(new RetryStage(run.RunId), token).ConfigureAwait(false);
                }, token),
            };
            return;
        }
        _runs.Remove(fault.Stage);
        run.Cancellation.Dispose();
        switch (policy.FailMode)
        {
            case FailMode.Fallback when !run.IsFallback:
                await AppendAsync([failed, Event(JobEventTypes.StageStarted, fault.Stage, JobEventData.StageStarted(run.Attempt + 1, resumed: false, fallback: true))],
                    cancellationToken).ConfigureAwait(false);
                StartRun(run.Step, run.Attempt + 1, isFallback: true);
                break;
            case FailMode.Open or FailMode.Fallback:
                // The job goes on without this stage: its output says so, and the merge treats it as missing context.
                await AdvanceAsync([failed, Event(JobEventTypes.StageCompleted, fault.Stage,
                    JobEventData.StageCompleted(JobEventData.FailedOpenOutput(fault.Error), run.Attempt, TimeSpan.Zero))], cancellationToken).ConfigureAwait(false);
                break;
            default:
                await FailJobAsync([failed], $"stage '{fault.Stage}' failed: {fault.Error}", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task FailJobAsync(List<EventData> before, string reason, CancellationToken cancellationToken)
    {
        // Siblings still running are stopped: the job is over. Their late results are ignored (no current run matches).
        foreach (var sibling in _runs.Values)
        {
            sibling.Cancel();
        }
        _runs.Clear(); // their tasks end on the cancelled token; nothing waits for them
        // The stage failure and the job's one terminal event are journaled together or not at all.
        await AppendAsync([.. before, Event(JobEventTypes.Failed, null, JobEventData.Failed(reason))], cancellationToken).ConfigureAwait(false);
    }

    private async Task RetryAsync(ActiveRun run, CancellationToken cancellationToken)
    {
        _runs.Remove(run.Step.Stage);
        run.Cancellation.Dispose();
        var attempt = run.Attempt + 1;
        await AppendAsync([Event(JobEventTypes.StageStarted, run.Step.Stage, JobEventData.StageStarted(attempt, resumed: false))], cancellationToken)
            .ConfigureAwait(false);
        StartRun(run.Step, attempt, isFallback: false);
    }

    private ActiveRun? Current(long runId)
    {
        foreach (var run in _runs.Values)
        {
            if (run.RunId == runId)
            {
                return run;
            }
        }
        return null;
    }

    private EventData Event(string type, string? stage, string dataJson) => new(type, _time.GetUtcNow(), stage, dataJson);

    private async Task AppendAsync(IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        var first = _state.LastSeq + 1;
        // In a cluster the append carries this node's lease token for the job's shard: a node that lost the shard cannot write.
        await _journal.AppendAsync(_context.Id, _state.LastSeq, events, _services.Ownership.FenceFor(_context.Id), cancellationToken).ConfigureAwait(false);
        var entries = new JournalEntry[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            entries[i] = new JournalEntry(_context.Id, first + i, e.Type, e.Timestamp, e.Stage, e.DataJson);
            _state = JobStateFold.Apply(_state, entries[i]);
        }
        if (_state.IsTerminal)
        {
            await NotifyEndedAsync(cancellationToken).ConfigureAwait(false);
        }
        _eventsSinceSnapshot += events.Count;
        if (_options.SnapshotEvery > 0 && _eventsSinceSnapshot >= _options.SnapshotEvery && !_state.IsTerminal)
        {
            _eventsSinceSnapshot = 0;
            await _snapshots.SaveAsync(_context.Id, _state.LastSeq, JsonSerializer.Serialize(_state, JobStateFold.SnapshotJson), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private sealed record ActiveRun(long RunId, RunStage Step, int Attempt, bool IsFallback, Task Task, CancellationTokenSource Cancellation)
    {
        /// <summary>Stops this run's work (a failed job's running siblings); late messages from it no longer match a current run.</summary>
        public void Cancel() => Cancellation.Cancel();
    }

    private sealed class EntityStageSink(IEntityContext<IJobMessage> context, long runId, string stage, Sharding.IShardOwnership ownership) : IStageSink
    {
        public bool MayAct => ownership.IsLocal(context.Id);

        public ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken) =>
            context.TellSelfAsync(new StageTokens(runId, stage, text), cancellationToken);

        public ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken) =>
            JobEventTypes.IsStageProgress(type)
                ? context.TellSelfAsync(new StageProgress(runId, stage, type, dataJson), cancellationToken)
                : throw new ArgumentException($"'{type}' is not a stage progress event", nameof(type));
    }
}
