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
    private readonly ILiveEventPublisher _publisher;
    private readonly JobEntityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _work = new();
    private JobState _state;
    private long _eventsSinceSnapshot;
    private ActiveRun? _run;

    /// <summary>Creates the entity; nothing is read until <see cref="RecoverAsync"/>.</summary>
    public JobEntity(IEntityContext<IJobMessage> context, JobEntityServices services)
    {
        _context = context;
        _services = services;
        _journal = services.Journal;
        _snapshots = services.Snapshots;
        _pipeline = services.Pipeline;
        _publisher = services.Publisher;
        _options = services.Options;
        _time = services.Time;
        _logger = services.Logger;
        _state = JobState.Empty(context.Id);
    }

    /// <summary>The current state (for tests and diagnostics).</summary>
    public JobState State => _state;

    /// <inheritdoc />
    public bool CanPassivate => _run is null;

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
            await AdvanceAsync(cancellationToken).ConfigureAwait(false); // an unfinished job continues after the last journaled stage
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
        StageTokens tokens when IsCurrent(tokens.RunId) => AppendAsync(
            [Event(JobEventTypes.Token, tokens.Stage, JobEventData.Token(tokens.Text))], cancellationToken),
        StageSucceeded done when IsCurrent(done.RunId) => CompleteStageAsync(done, cancellationToken),
        StageFaulted fault when IsCurrent(fault.RunId) => FailStageAsync(fault, cancellationToken),
        RetryStage retry when IsCurrent(retry.RunId) => RetryAsync(cancellationToken),
        _ => Task.CompletedTask, // a result from a run this instance did not start (before a restart): ignore it
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
        if (_run?.Task is { } task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the run was cancelled on purpose
            }
        }
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
            await AppendAsync([Event(JobEventTypes.Accepted, null, JobEventData.Accepted(submit.Spec))], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            submit.Reply.TrySetException(ex);
            throw;
        }
        submit.Reply.TrySetResult(new SubmitOutcome(Created: true, _state.LastSeq));
        await AdvanceAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        PipelineStep step;
        try
        {
            step = _pipeline.NextStep(_state);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            step = new FailJob($"pipeline error: {ex.Message}");
        }
        switch (step)
        {
            case RunStage run:
                var resumed = _state.CurrentStage == run.Stage; // started before a crash or restart, never completed
                var attempt = resumed ? _state.CurrentAttempt + 1 : 1;
                await AppendAsync([Event(JobEventTypes.StageStarted, run.Stage, JobEventData.StageStarted(attempt, resumed))], cancellationToken)
                    .ConfigureAwait(false);
                StartRun(run, attempt);
                break;
            case CompleteJob complete:
                await AppendAsync([Event(JobEventTypes.Completed, null, JobEventData.Completed(complete.Answer))], cancellationToken).ConfigureAwait(false);
                break;
            case FailJob fail:
                await AppendAsync([Event(JobEventTypes.Failed, null, JobEventData.Failed(fail.Reason))], cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private void StartRun(RunStage step, int attempt)
    {
        var runId = Interlocked.Increment(ref s_nextRunId);
        var run = new StageRun(step.Stage, attempt, _state);
        var sink = new EntityStageSink(_context, runId, step.Stage);
        var token = _work.Token;
        _run = new ActiveRun(runId, step, attempt, Task.Run(() => ExecuteAsync(runId, run, step.Policy, sink, token), token));
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
            outcome = new StageFaulted(runId, run.Stage, $"timed out after {policy.Timeout.TotalSeconds:0.###} s", TimedOut: true);
        }
        catch (Exception ex) when (!entityToken.IsCancellationRequested)
        {
            outcome = new StageFaulted(runId, run.Stage, ex.Message, TimedOut: false);
        }
        await _context.TellSelfAsync(outcome, entityToken).ConfigureAwait(false);
    }

    private async Task CompleteStageAsync(StageSucceeded done, CancellationToken cancellationToken)
    {
        var attempt = _run!.Attempt;
        _run = null;
        await AppendAsync([Event(JobEventTypes.StageCompleted, done.Stage, JobEventData.StageCompleted(done.OutputJson, attempt, done.Took))], cancellationToken)
            .ConfigureAwait(false);
        await AdvanceAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FailStageAsync(StageFaulted fault, CancellationToken cancellationToken)
    {
        var run = _run!;
        ActorsLog.StageAttemptFailed(_logger, _context.Id.Value, fault.Stage, run.Attempt, fault.Error);
        var willRetry = run.Attempt < run.Step.Policy.MaxAttempts;
        var failed = Event(JobEventTypes.StageFailed, fault.Stage, JobEventData.StageFailed(fault.Error, run.Attempt, willRetry));
        if (!willRetry)
        {
            _run = null;
            // Both in one append: the stage failure and the job's one terminal event are journaled together or not at all.
            await AppendAsync([failed, Event(JobEventTypes.Failed, null, JobEventData.Failed($"stage '{fault.Stage}' failed: {fault.Error}"))], cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        await AppendAsync([failed], cancellationToken).ConfigureAwait(false);
        var delay = run.Step.Policy.RetryBackoff * Math.Pow(2, run.Attempt - 1);
        var token = _work.Token;
        _run = run with
        {
            Task = Task.Run(async () =>
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                await _context.TellSelfAsync(new RetryStage(run.RunId), token).ConfigureAwait(false);
            }, token),
        };
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var run = _run!;
        var attempt = run.Attempt + 1;
        await AppendAsync([Event(JobEventTypes.StageStarted, run.Step.Stage, JobEventData.StageStarted(attempt, resumed: false))], cancellationToken)
            .ConfigureAwait(false);
        StartRun(run.Step, attempt);
    }

    private bool IsCurrent(long runId) => _run?.RunId == runId;

    private EventData Event(string type, string? stage, string dataJson) => new(type, _time.GetUtcNow(), stage, dataJson);

    private async Task AppendAsync(IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        var first = _state.LastSeq + 1;
        await _journal.AppendAsync(_context.Id, _state.LastSeq, events, cancellationToken).ConfigureAwait(false);
        var entries = new JournalEntry[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            entries[i] = new JournalEntry(_context.Id, first + i, e.Type, e.Timestamp, e.Stage, e.DataJson);
            _state = JobStateFold.Apply(_state, entries[i]);
        }
        _publisher.Publish(entries);
        _eventsSinceSnapshot += events.Count;
        if (_options.SnapshotEvery > 0 && _eventsSinceSnapshot >= _options.SnapshotEvery && !_state.IsTerminal)
        {
            _eventsSinceSnapshot = 0;
            await _snapshots.SaveAsync(_context.Id, _state.LastSeq, JsonSerializer.Serialize(_state, JobStateFold.SnapshotJson), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private sealed record ActiveRun(long RunId, RunStage Step, int Attempt, Task Task);

    private sealed class EntityStageSink(IEntityContext<IJobMessage> context, long runId, string stage) : IStageSink
    {
        public ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken) =>
            context.TellSelfAsync(new StageTokens(runId, stage, text), cancellationToken);
    }
}
