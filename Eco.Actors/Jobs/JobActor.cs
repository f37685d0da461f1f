using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using Eco.Actors.Entities;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;

namespace Eco.Actors.Jobs;

/// <summary>The persistent actor of one job: decides on commands, persists events, folds them into state, and drives the pipeline.</summary>
/// <remarks>
/// <para>The persistence id is the job id and the actor's sequence number is the event's <c>seq</c> (1, 2, 3, … with no gap: a
/// write the journal refuses stops the actor, which recovers from what is durable). State changes only by
/// <see cref="JobStateFold.Apply"/>, after a write succeeded and during recovery alike.</para>
/// <para>A stage runs as a task outside the actor and reports back by message; a message from a run this incarnation did not
/// start (before a restart) or has cancelled is ignored. The completion of one stage and the starts of the next are one atomic
/// write. A recovered unfinished job continues after its last journaled stage, so a stage whose output is journaled never runs
/// again, on this node or the next.</para>
/// </remarks>
internal sealed class JobActor : SupervisedPersistentActor, IWithTimers
{
    private static readonly TimeSpan UnsubmittedIdle = TimeSpan.FromSeconds(30);
    private static long s_nextRunId;

    private readonly JobId _id;
    private readonly JobEntityServices _services;
    private readonly string? _giveUpReason;
    private readonly Dictionary<string, ActiveRun> _runs = new(StringComparer.Ordinal);
    private readonly List<EventData> _finished = []; // stage completions not yet handed to the journal
    private readonly CancellationTokenSource _work = new();
    private JobState _state;
    private long _snapshotSeq;
    private ActivityContext _trace; // the submit's span, when this actor took the submit
    private long _recoveredAt; // TimeProvider timestamp
    private bool _heardNothingYet = true; // no command handled since recovery

    public JobActor(JobId id, JobEntityServices services, string? giveUpReason)
    {
        _id = id;
        _services = services;
        _giveUpReason = giveUpReason;
        _state = JobState.Empty(id);
        JournalPluginId = EcoPersistence.JournalPluginId;
        SnapshotPluginId = EcoPersistence.SnapshotPluginId;
    }

    /// <summary>Props of a job's actor.</summary>
    /// <param name="id">The job.</param>
    /// <param name="services">What job actors share.</param>
    /// <param name="giveUpReason">Null for a normal run; for the last run after its supervisor gave up, why: the job then ends with
    /// <c>job.failed</c> and this reason instead of continuing.</param>
    public static Props Props(JobId id, JobEntityServices services, string? giveUpReason) =>
        Akka.Actor.Props.Create(typeof(JobActor), id, services, giveUpReason); // not an expression: that would be compiled for every entity

    /// <inheritdoc />
    public override string PersistenceId => _id.Value;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private JobEntityOptions Options => _services.Options;

    // The actor's own lines are written outside any span (Activity.Current is not the job's here), so they name the trace themselves.
    private string TraceId => _trace == default ? "none" : _trace.TraceId.ToHexString();

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: JobState snapshot } offer:
                _state = snapshot;
                _snapshotSeq = offer.Metadata.SequenceNr;
                break;
            case EventData e:
                _state = JobStateFold.Apply(_state, Entry(e, LastSequenceNr));
                break;
            case RecoveryCompleted:
                _recoveredAt = _services.Time.GetTimestamp();
                Recovered();
                break;
        }
    }

    private void Recovered()
    {
        if (_giveUpReason is not null && _state.Status == JobStatus.Running)
        {
            FailJob([], $"internal error: {_giveUpReason}", then: null);
        }
        else if (_state.Status == JobStatus.Running)
        {
            Advance([], then: null); // an unfinished job continues after its last journaled stage
        }
        else if (_state.IsTerminal)
        {
            Ended(); // in case the node died before the observer heard it
        }
        else
        {
            Context.SetReceiveTimeout(UnsubmittedIdle); // woken without a submission (a stray message): leave if none comes
        }
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        var firstSinceRecovery = _heardNothingYet;
        _heardNothingYet = false;
        switch (message)
        {
            case ResumeJob:
                Resume(firstSinceRecovery);
                break;
            case SubmitJob submit:
                Submit(submit);
                break;
            case CancelJob cancel when _state.Status == JobStatus.Running:
                FailJob([], cancel.Reason, then: null);
                break;
            case StageTokens tokens:
                AppendFromRun(tokens.RunId, Event(JobEventTypes.Token, tokens.Stage, JobEventData.Token(tokens.Text)), tokens.Window);
                break;
            case StageProgress progress:
                AppendFromRun(progress.RunId, Event(progress.Type, progress.Stage, progress.DataJson), progress.Window);
                break;
            case StageSucceeded done when Current(done.RunId) is { } run:
                CompleteStage(run, done);
                break;
            case WriteFinished:
                Advance([], then: null); // decides even when another write took the completions: what they made ready starts here
                break;
            case StageFaulted fault when Current(fault.RunId) is { } run:
                FailStage(run, fault);
                break;
            case RetryStage retry when Current(retry.RunId) is { } run:
                Retry(run, retry.Counted);
                break;
            case ReceiveTimeout when _runs.Count == 0:
                Context.Parent.Tell(PassivateEntity.Instance);
                break;
            case SaveSnapshotFailure failure:
                ActorsLog.SnapshotFailed(_services.Logger, _id.Value, failure.Metadata.SequenceNr, failure.Cause); // costs only a longer replay
                break;
            case SaveSnapshotSuccess or ReceiveTimeout:
                break;
            default:
                Unhandled(message); // from a run this incarnation did not start or has cancelled: ignored
                break;
        }
    }

    private void Submit(SubmitJob submit)
    {
        var sender = Sender;
        if (_state.Status != JobStatus.New)
        {
            sender.Tell(new SubmitOutcome(Created: false, _state.LastSeq, DifferentRequest: _state.Spec is { } first && !first.IsSameRequest(submit.Spec)));
            return;
        }
        Context.SetReceiveTimeout(null);
        ActivityContext.TryParse(submit.TraceParent, null, out _trace);
        // Accepted and the first stages in one write: the reply waits for one group commit, not two.
        Advance([Event(JobEventTypes.Accepted, null, JobEventData.Accepted(submit.Spec))],
            then: () => sender.Tell(new SubmitOutcome(Created: true, _state.LastSeq)));
    }

    /// <summary>The idle-job sweep found the job quiet for long: a running job with nothing in progress decides again; one the sweep's
    /// message just started (nothing else had) resumed in <see cref="Recovered"/> already. Either is logged: neither should happen.</summary>
    private void Resume(bool firstSinceRecovery)
    {
        if (_state.Status != JobStatus.Running)
        {
            return;
        }
        if (_runs.Count == 0 && _finished.Count == 0)
        {
            ActorsLog.JobFoundStalled(_services.Logger, _id.Value, _state.LastSeq);
            Advance([], then: null);
        }
        else if (firstSinceRecovery && _services.Time.GetElapsedTime(_recoveredAt) < TimeSpan.FromSeconds(5))
        {
            ActorsLog.JobStartedBySweep(_services.Logger, _id.Value, _state.LastSeq);
        }
    }

    /// <summary>Asks the pipeline what is ready and starts what is not running yet; ends the job when nothing is left.</summary>
    /// <param name="before">Events that lead to this decision (a stage's completion); persisted in the same write as what it
    /// starts, so each step of the pipeline costs one group commit, not two.</param>
    /// <param name="then">Runs once the write is durable (or at once when nothing is written).</param>
    private void Advance(IReadOnlyList<EventData> before, Action? then)
    {
        if (_state.IsTerminal)
        {
            then?.Invoke();
            return;
        }
        var events = TakeFinished();
        events.AddRange(before);
        var decidedOn = Folded(_state, events);
        PipelineStep step;
        // Pure stages that become ready are computed here, one decision after another, until what is ready needs the world.
        while (true)
        {
            try
            {
                step = _services.Pipeline.NextStep(decidedOn);
            }
            catch (Exception ex)
            {
                step = new FailJob($"pipeline error: {ex.Message}");
            }
            if (step is not RunStages { Stages: var stages } || stages.FirstOrDefault(s => s.Compute is not null && !_runs.ContainsKey(s.Stage)) is not { } pure)
            {
                break;
            }
            var (computed, failure) = ComputeInPlace(pure, decidedOn);
            if (failure is not null)
            {
                FailJob([.. events, .. computed], failure, then);
                return;
            }
            decidedOn = Folded(decidedOn, computed);
            events.AddRange(computed);
        }
        switch (step)
        {
            case RunStages ready when ready.Stages.Any(s => !_runs.ContainsKey(s.Stage)):
                var toStart = ready.Stages.Where(s => !_runs.ContainsKey(s.Stage)).ToList();
                // Siblings started together share one Lamport time: they are concurrent, and the merge orders them by it.
                var lamport = decidedOn.Clock + 1;
                var started = toStart.Select(s =>
                {
                    var (attempt, resumed) = NextAttempt(decidedOn, s.Stage);
                    return (Stage: s, Attempt: attempt, Event: Event(JobEventTypes.StageStarted, s.Stage,
                        JobEventData.StageStarted(attempt, resumed, toStart.Count > 1 ? lamport : null)));
                }).ToList();
                var starts = started.ConvertAll(s => s.Event);
                var running = Folded(decidedOn, starts);
                foreach (var (stage, attempt, _) in started)
                {
                    StartRun(stage, attempt, isFallback: false, running);
                }
                Append([.. events, .. starts], then);
                break;
            case CompleteJob complete when _runs.Count == 0:
                Append([.. events, Event(JobEventTypes.Completed, null, JobEventData.Completed(complete.Answer))], then);
                break;
            case FailJob fail:
                FailJob(events, fail.Reason, then);
                break;
            default:
                if (events.Count > 0)
                {
                    Append(events, then); // what is ready is already running
                }
                else
                {
                    then?.Invoke();
                }
                break;
        }
    }

    /// <summary>A pure stage's start and end, computed on the job's thread. Its failure would repeat on any retry (same state, same
    /// function), so the stage's fail mode applies at once: open (and fallback) go on without it, close fails the job.</summary>
    private (List<EventData> Events, string? JobFailure) ComputeInPlace(RunStage stage, JobState state)
    {
        var (attempt, resumed) = NextAttempt(state, stage.Stage);
        var started = Event(JobEventTypes.StageStarted, stage.Stage, JobEventData.StageStarted(attempt, resumed, null));
        var clock = Stopwatch.GetTimestamp();
        try
        {
            var output = stage.Compute!(state);
            return ([started, Event(JobEventTypes.StageCompleted, stage.Stage, JobEventData.StageCompleted(output, attempt, Stopwatch.GetElapsedTime(clock)))], null);
        }
        catch (Exception ex)
        {
            var failed = Event(JobEventTypes.StageFailed, stage.Stage, JobEventData.StageFailed(ex.Message, attempt, willRetry: false));
            return stage.Policy.FailMode == FailMode.Close
                ? ([started, failed], $"stage '{stage.Stage}' failed: {ex.Message}")
                : ([started, failed, Event(JobEventTypes.StageCompleted, stage.Stage, JobEventData.StageCompleted(JobEventData.FailedOpenOutput(ex.Message), attempt, TimeSpan.Zero))], null);
        }
    }

    /// <summary>The attempt a stage starts next: one past a start the journal holds without an end (cut off by a crash), else 1.</summary>
    private static (int Attempt, bool Resumed) NextAttempt(JobState state, string stage) =>
        state.Running.TryGetValue(stage, out var previous) ? (previous + 1, true) : (1, false);

    /// <summary>Starts a stage's run on <paramref name="state"/>, which holds the run's own start.</summary>
    /// <remarks>Called as the start is handed to the journal, not once it is durable, so the call's setup overlaps the write (at
    /// 1,000 jobs at once a write took 40–160 ms, once per model stage). Nothing the run produces can overtake its start: the
    /// actor stashes every message while a write is pending, and a write the journal fails or refuses stops the actor, which
    /// cancels the run. A run cut off by a crash before its start was durable leaves no trace, and its stage simply starts
    /// again: a call is repeated only when its result was never journaled.</remarks>
    private void StartRun(RunStage step, int attempt, bool isFallback, JobState state)
    {
        var runId = Interlocked.Increment(ref s_nextRunId);
        var run = new StageRun(step.Stage, attempt, state, isFallback);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        var sink = new ActorStageSink(Self, runId, step.Stage, () => _services.Fences.MayActOn(_id), Options.StageEventWindow);
        _runs[step.Stage] = new ActiveRun(runId, step, attempt, isFallback, cancellation);
        _ = RunAsync(Self, runId, run, step.Policy, sink, _trace, cancellation.Token);
    }

    // Not PipeTo: a run cancelled because this actor stopped must send nothing (it would only land in dead letters).
    private async Task RunAsync(IActorRef self, long runId, StageRun run, StagePolicy policy, IStageSink sink, ActivityContext trace, CancellationToken entityToken)
    {
        object outcome;
        try
        {
            await Task.Yield(); // off the actor's thread before the stage's first synchronous step
            // The span is current for the stage's own flow only: model calls made by the stage become its children.
            using var span = JobActivities.Source.StartActivity("eco.job.stage", ActivityKind.Internal, trace);
            span?.SetTag(JobActivities.JobIdTag, _id.Value).SetTag("eco.stage", run.Stage).SetTag("eco.attempt", run.Attempt);
            outcome = await ExecuteAsync(runId, run, policy, sink, entityToken).ConfigureAwait(false);
            if (outcome is StageFaulted fault)
            {
                span?.SetStatus(ActivityStatusCode.Error, fault.Error);
            }
        }
        catch (Exception ex) when (!entityToken.IsCancellationRequested)
        {
            outcome = new StageFaulted(runId, run.Stage, ex.Message, NoRetry: false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (!entityToken.IsCancellationRequested)
        {
            self.Tell(outcome);
        }
    }

    private async Task<object> ExecuteAsync(long runId, StageRun run, StagePolicy policy, IStageSink sink, CancellationToken entityToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(policy.Timeout, _services.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(entityToken, timeout.Token);
        try
        {
            var output = await _services.Pipeline.RunStageAsync(run, sink, linked.Token).ConfigureAwait(false);
            return new StageSucceeded(runId, run.Stage, output, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !entityToken.IsCancellationRequested)
        {
            return new StageFaulted(runId, run.Stage, $"timed out after {policy.Timeout.TotalSeconds:0.###} s", NoRetry: true);
        }
        catch (StageUnavailableException ex) when (!entityToken.IsCancellationRequested)
        {
            return new StageFaulted(runId, run.Stage, ex.Message, NoRetry: true);
        }
    }

    private void AppendFromRun(long runId, EventData e, SemaphoreSlim window)
    {
        if (Current(runId) is null)
        {
            window.Release(); // a stale run: nothing to write, but its sender must not wait
            return;
        }
        // PersistAsync: the next token events are taken while this one is written, and Akka writes all those that queued up meanwhile
        // in one journal write. With Persist each waited for the one before, so a fast stream left a queue of single writes behind its
        // last token, and the stage's completion waited for all of them. Order is kept: events are written and folded as sent.
        PersistAsync(e, written =>
        {
            _state = JobStateFold.Apply(_state, Entry(written, LastSequenceNr));
            window.Release();
        });
    }

    /// <remarks>The completion is held until the messages already in the mailbox are handled: the runs of a fan-out end together
    /// and their results wait out the same write (the actor stashes while a write is pending), so they are decided on and written
    /// as one step, not one write each — and what they make ready starts one write earlier. Every write takes what is held.</remarks>
    private void CompleteStage(ActiveRun run, StageSucceeded done)
    {
        _runs.Remove(done.Stage);
        run.Cancellation.Dispose();
        _finished.Add(Event(JobEventTypes.StageCompleted, done.Stage, JobEventData.StageCompleted(done.OutputJson, run.Attempt, done.Took)));
        if (_finished.Count == 1)
        {
            Self.Tell(WriteFinished.Instance);
        }
    }

    private List<EventData> TakeFinished()
    {
        var taken = new List<EventData>(_finished);
        _finished.Clear();
        return taken;
    }

    private void FailStage(ActiveRun run, StageFaulted fault)
    {
        if (!_services.Fences.MayActOn(_id))
        {
            // Refused or broken because this node lost the right to act on the job (its shard's lease lapsed or moved): not the
            // stage's fault, and nothing could be journaled. Losing the lease stops the shard here, and the job resumes wherever the
            // shard starts next; should this node keep it after all, the same run starts again once it may act.
            ActorsLog.StageCutOff(_services.Logger, _id.Value, fault.Stage, run.Attempt, fault.Error, TraceId);
            Timers.StartSingleTimer(run.RunId, new RetryStage(run.RunId, Counted: false), run.Step.Policy.RetryBackoff);
            return;
        }
        ActorsLog.StageAttemptFailed(_services.Logger, _id.Value, fault.Stage, run.Attempt, fault.Error, TraceId);
        var policy = run.Step.Policy;
        // A timed-out attempt is not retried (the next would most likely time out too, and the job would wait twice as long), nor
        // one refused by an open breaker. The budget counts failures, not attempts: one cut off by a crash or takeover is not the
        // stage's fault. Attempts in all stay bounded, so a stage whose node dies every time it runs still ends.
        var failures = _state.Failures.GetValueOrDefault(fault.Stage) + 1;
        var willRetry = !run.IsFallback && !fault.NoRetry && failures < policy.MaxAttempts && run.Attempt < policy.MaxAttempts * 3;
        var failed = Event(JobEventTypes.StageFailed, fault.Stage, JobEventData.StageFailed(fault.Error, run.Attempt, willRetry));
        if (willRetry)
        {
            var delay = policy.RetryBackoff * Math.Pow(2, run.Attempt - 1);
            Append([failed], () => Timers.StartSingleTimer(run.RunId, new RetryStage(run.RunId, Counted: true), delay));
            return;
        }
        _runs.Remove(fault.Stage);
        run.Cancellation.Dispose();
        switch (policy.FailMode)
        {
            case FailMode.Fallback when !run.IsFallback:
                List<EventData> fallback = [failed, Event(JobEventTypes.StageStarted, fault.Stage, JobEventData.StageStarted(run.Attempt + 1, resumed: false, fallback: true))];
                StartRun(run.Step, run.Attempt + 1, isFallback: true, Folded(_state, fallback));
                Append(fallback, then: null);
                break;
            case FailMode.Open or FailMode.Fallback:
                // The job goes on without this stage: its output says so, and the merge treats it as missing context.
                Advance([failed, Event(JobEventTypes.StageCompleted, fault.Stage,
                    JobEventData.StageCompleted(JobEventData.FailedOpenOutput(fault.Error), run.Attempt, TimeSpan.Zero))], then: null);
                break;
            default:
                FailJob([failed], $"stage '{fault.Stage}' failed: {fault.Error}", then: null);
                break;
        }
    }

    private void FailJob(IReadOnlyList<EventData> before, string reason, Action? then)
    {
        // Siblings still running are stopped: the job is over. Their late results are ignored (no current run matches).
        foreach (var sibling in _runs.Values)
        {
            sibling.Cancellation.Cancel();
            sibling.Cancellation.Dispose();
        }
        _runs.Clear();
        // The stage failure and the job's one terminal event are persisted together or not at all.
        Append([.. before, Event(JobEventTypes.Failed, null, JobEventData.Failed(reason))], then);
    }

    private void Retry(ActiveRun run, bool counted)
    {
        if (!_services.Fences.MayActOn(_id))
        {
            Timers.StartSingleTimer(run.RunId, new RetryStage(run.RunId, counted), run.Step.Policy.RetryBackoff); // not yet
            return;
        }
        _runs.Remove(run.Step.Stage);
        run.Cancellation.Dispose();
        if (!counted)
        {
            StartRun(run.Step, run.Attempt, run.IsFallback, _state); // the attempt journaled as started runs again
            return;
        }
        var attempt = run.Attempt + 1;
        List<EventData> start = [Event(JobEventTypes.StageStarted, run.Step.Stage, JobEventData.StageStarted(attempt, resumed: false))];
        StartRun(run.Step, attempt, isFallback: false, Folded(_state, start));
        Append(start, then: null);
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

    /// <summary>Persists the events as one atomic write, folds each into the state once durable, then runs <paramref name="then"/>.</summary>
    private void Append(IReadOnlyList<EventData> events, Action? then)
    {
        if (_finished.Count > 0)
        {
            events = [.. TakeFinished(), .. events];
        }
        var left = events.Count;
        var asked = _services.Time.GetUtcNow();
        PersistAll(events, e =>
        {
            _state = JobStateFold.Apply(_state, Entry(e, LastSequenceNr));
            if (--left > 0)
            {
                return;
            }
            JobActivities.Appended(_trace, _id, events.Count, asked, _services.Time.GetUtcNow());
            if (_state.IsTerminal)
            {
                then?.Invoke();
                Ended();
                return;
            }
            if (Options.SnapshotEvery > 0 && LastSequenceNr - _snapshotSeq >= Options.SnapshotEvery)
            {
                _snapshotSeq = LastSequenceNr;
                SaveSnapshot(_state);
            }
            then?.Invoke();
        });
    }

    /// <summary>The job is over: tell the observer (a conversation closes its turn), then leave memory.</summary>
    private void Ended()
    {
        JobMetrics.Ended.Add(1, new KeyValuePair<string, object?>("status", _state.Status == JobStatus.Completed ? "completed" : "failed"));
        try
        {
            _services.Observer.JobEnded(_state);
        }
        catch (Exception ex)
        {
            ActorsLog.ObserverFailed(_services.Logger, _id.Value, ex);
        }
        Context.Parent.Tell(PassivateEntity.Instance);
    }

    private EventData Event(string type, string? stage, string dataJson) => new(type, _services.Time.GetUtcNow(), stage, dataJson);

    private JournalEntry Entry(EventData e, long seq) => new(_id, seq, e.Type, e.Timestamp, e.Stage, e.DataJson);

    /// <summary>The state once <paramref name="events"/> are written after <paramref name="state"/>.</summary>
    private JobState Folded(JobState state, IEnumerable<EventData> events)
    {
        foreach (var e in events)
        {
            state = JobStateFold.Apply(state, Entry(e, state.LastSeq + 1));
        }
        return state;
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _work.Cancel(); // stage runs stop; an unfinished job resumes from the journal wherever it starts next
        foreach (var run in _runs.Values)
        {
            run.Cancellation.Dispose();
        }
        _runs.Clear();
        _work.Dispose();
        base.PostStop();
    }

    private sealed record ActiveRun(long RunId, RunStage Step, int Attempt, bool IsFallback, CancellationTokenSource Cancellation);
}
