using System.Buffers;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;

namespace Eco.Streams.Chat.Conversations;

/// <summary>The persistent actor of one conversation: its turns and summary are event-sourced, and it lets one turn be answered at a time.</summary>
/// <remarks>
/// A chat job asks for its turn (<see cref="AcquireTurn"/>) and gets the working context: recent turns and the summary of the older
/// ones. When a job summarizes, the turns it folded in leave the working context for good (<c>summary.updated</c>). The queue of
/// waiting turns lives in memory: when the actor stops, each waiting job is told to ask again, and its next ask reaches the next
/// incarnation. A conversation and its turns share a shard, so they move between nodes together.
/// </remarks>
public sealed class ConversationActor : SupervisedPersistentActor
{
    private readonly JobId _stream;
    private readonly IJournal _journal;
    private readonly Action<JobId, object> _tellJob;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleAfter;
    private readonly List<(AcquireTurn Turn, IActorRef ReplyTo)> _waiting = [];
    private ConversationState _state = ConversationState.Empty;
    private (AcquireTurn Turn, IActorRef ReplyTo)? _checking;

    /// <summary>Use <see cref="Props"/>; public for Akka's activator.</summary>
    public ConversationActor(JobId stream, IJournal journal, Action<JobId, object> tellJob, TimeProvider time, TimeSpan idleAfter)
    {
        _stream = stream;
        _journal = journal;
        _tellJob = tellJob;
        _time = time;
        _idleAfter = idleAfter;
        JournalPluginId = EcoPersistence.JournalPluginId;
        SnapshotPluginId = EcoPersistence.SnapshotPluginId;
    }

    /// <summary>Props of a conversation's actor.</summary>
    /// <param name="stream">The conversation's stream (<see cref="ConversationIds"/>).</param>
    /// <param name="journal">The journal, to see whether the active turn's job ended while its end went unheard.</param>
    /// <param name="tellJob">Sends a message to a job (through sharding).</param>
    /// <param name="time">The clock of events.</param>
    /// <param name="idleAfter">Idle time after which a conversation with no turn in progress leaves memory.</param>
    public static Props Props(JobId stream, IJournal journal, Action<JobId, object> tellJob, TimeProvider time, TimeSpan idleAfter) =>
        Akka.Actor.Props.Create(typeof(ConversationActor), stream, journal, tellJob, time, idleAfter); // not an expression: compiled per entity

    /// <inheritdoc />
    public override string PersistenceId => _stream.Value;

    private bool Idle => _state.ActiveJob is null && _waiting.Count == 0;

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case EventData e:
                _state = _state.Apply(new JournalEntry(_stream, LastSequenceNr, e.Type, e.Timestamp, e.Stage, e.DataJson));
                break;
            case RecoveryCompleted:
                Context.SetReceiveTimeout(_idleAfter);
                break;
        }
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        if (_checking is { } pending)
        {
            if (message is ActiveTurnChecked checkedTurn)
            {
                _checking = null;
                CloseIfEnded(checkedTurn, () =>
                {
                    Decide(pending.Turn, pending.ReplyTo);
                    Stash.UnstashAll();
                });
            }
            else
            {
                Stash.Stash();
            }
            return;
        }
        switch (message)
        {
            case AcquireTurn acquire:
                Acquire(acquire, Sender);
                break;
            case EndTurn end:
                End(end, then: null);
                break;
            case GetConversation:
                Sender.Tell(new ConversationView(_stream.Value[ConversationIds.Prefix.Length..], _state.Turns, _state.Summary, _state.TotalTurns,
                    _state.ActiveJob, _waiting.Count, _state.Subject.IsEmpty ? null : _state.Subject, _state.Location));
                break;
            case ReceiveTimeout when Idle:
                Context.Parent.Tell(PassivateEntity.Instance);
                break;
            case ReceiveTimeout:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Acquire(AcquireTurn acquire, IActorRef replyTo)
    {
        if (_state.ActiveJob is { } active && active != acquire.Job.Value)
        {
            // The active job may have ended while its end went unheard (a crash in between): its journal says so.
            _checking = (acquire, replyTo);
            CheckEndedAsync(JobId.Parse(active)).PipeTo(Self, failure: _ => new ActiveTurnChecked(JobId.Parse(active), End: null));
            return;
        }
        Decide(acquire, replyTo);
    }

    private void Decide(AcquireTurn acquire, IActorRef replyTo)
    {
        if (_state.ActiveJob is null || _state.ActiveJob == acquire.Job.Value)
        {
            Grant(acquire, replyTo);
            return;
        }
        switch (acquire.Policy)
        {
            case BusyPolicy.Reject:
                replyTo.Tell(new TurnGrant(false, "another message in this conversation is still being answered", [], null));
                break;
            case BusyPolicy.Interrupt:
                var interrupted = JobId.Parse(_state.ActiveJob);
                Append([Event("turn.failed", w => { w.WriteString("job_id", interrupted.Value); w.WriteString("reason", "interrupted by a newer message"); })], () =>
                {
                    _tellJob(interrupted, new CancelJob("interrupted by a newer message in the same conversation"));
                    Grant(acquire, replyTo);
                });
                break;
            default:
                // A job asking again (its earlier ask died with a restart) keeps its place in line, with the new asker.
                var place = _waiting.FindIndex(w => w.Turn.Job == acquire.Job);
                if (place >= 0)
                {
                    _waiting[place] = (acquire, replyTo);
                }
                else
                {
                    _waiting.Add((acquire, replyTo));
                }
                break;
        }
    }

    /// <summary>Gives the turn; <paramref name="then"/> runs once it is durable, so every decision after it sees it.</summary>
    private void Grant(AcquireTurn acquire, IActorRef replyTo, Action? then = null)
    {
        if (_state.ActiveJob == acquire.Job.Value)
        {
            replyTo.Tell(Granted());
            then?.Invoke();
            return;
        }
        Append([Event("turn.started", w => { w.WriteString("job_id", acquire.Job.Value); w.WriteString("message", acquire.Message); })], () =>
        {
            replyTo.Tell(Granted());
            then?.Invoke();
        });
    }

    private TurnGrant Granted() => new(true, null, _state.Turns, _state.Summary, Subject: _state.Subject, Location: _state.Location);

    private void End(EndTurn end, Action? then)
    {
        if (_state.ActiveJob != end.Job.Value)
        {
            // Not the active turn: already closed (the observer is at-least-once), or a job that ended while it waited in line.
            _waiting.RemoveAll(w => w.Turn.Job == end.Job);
            then?.Invoke();
            return;
        }
        List<EventData> events;
        if (end.Answer is not null)
        {
            events = [Event("turn.completed", w =>
            {
                w.WriteString("job_id", end.Job.Value);
                w.WriteString("user", _state.ActiveMessage ?? "");
                w.WriteString("assistant", end.Answer);
            })];
            if (end.Summary is not null && end.KeptTurns is { } kept)
            {
                events.Add(Event("summary.updated", w => { w.WriteString("summary", end.Summary); w.WriteNumber("kept_turns", kept + 1); }));
            }
            var subject = end.Subject ?? _state.Subject;
            var location = end.Location ?? _state.Location;
            if (subject != _state.Subject || location != _state.Location)
            {
                events.Add(Event("subject.updated", w =>
                {
                    w.WritePropertyName("subject");
                    JsonSerializer.Serialize(w, subject, StreamsJson.Options);
                    if (location is not null)
                    {
                        w.WritePropertyName("location");
                        JsonSerializer.Serialize(w, location, StreamsJson.Options);
                    }
                }));
            }
        }
        else
        {
            events = [Event("turn.failed", w => { w.WriteString("job_id", end.Job.Value); w.WriteString("reason", end.Reason ?? "failed"); })];
        }
        Append(events, () => GrantNext(then));
    }

    private void GrantNext(Action? then)
    {
        if (_state.ActiveJob is null && _waiting.Count > 0)
        {
            var next = _waiting[0];
            _waiting.RemoveAt(0);
            Grant(next.Turn, next.ReplyTo, then);
            return;
        }
        then?.Invoke();
    }

    private void CloseIfEnded(ActiveTurnChecked checkedTurn, Action then)
    {
        if (checkedTurn.End is not { } end || _state.ActiveJob != checkedTurn.Job.Value)
        {
            then();
            return;
        }
        End(end.Answer is null && end.Reason is null ? end with { Reason = "the job failed" } : end, then);
    }

    /// <summary>The end of a job whose end went unheard, read from its journal as the job itself would have reported it.</summary>
    private async Task<ActiveTurnChecked> CheckEndedAsync(JobId job)
    {
        var head = await _journal.GetStreamAsync(job, CancellationToken.None).ConfigureAwait(false);
        if (head is not { IsTerminal: true })
        {
            return new ActiveTurnChecked(job, End: null);
        }
        var state = JobState.Empty(job);
        for (long after = 0; after < head.LastSeq;)
        {
            var page = await _journal.ReadAsync(job, after, 1_000, CancellationToken.None).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }
            state = JobStateFold.Replay(state, page);
            after = page[^1].Seq;
        }
        return new ActiveTurnChecked(job, EndTurn.Of(state));
    }

    private void Append(IReadOnlyList<EventData> events, Action then)
    {
        var left = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(new JournalEntry(_stream, LastSequenceNr, e.Type, e.Timestamp, e.Stage, e.DataJson));
            if (--left == 0)
            {
                then();
            }
        });
    }

    private EventData Event(string type, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            data(writer);
            writer.WriteEndObject();
        }
        return new EventData(type, _time.GetUtcNow(), null, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var (_, replyTo) in _waiting)
        {
            replyTo.Tell(new TurnGrant(false, "the conversation stopped before this turn's start", [], null, AskAgain: true));
        }
        if (_checking is { } pending)
        {
            pending.ReplyTo.Tell(new TurnGrant(false, "the conversation stopped before this turn's start", [], null, AskAgain: true));
        }
        base.PostStop();
    }

    /// <summary>Whether the active turn's job ended: its end as the job would have reported it, or null while it runs.</summary>
    private sealed record ActiveTurnChecked(JobId Job, EndTurn? End);
}
