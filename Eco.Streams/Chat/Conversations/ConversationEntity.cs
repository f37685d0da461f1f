using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Streams.Chat.Conversations;

/// <summary>One conversation: its turns and summary are event-sourced, and it lets one turn be answered at a time.</summary>
/// <remarks>
/// A chat job asks for its turn (<see cref="AcquireTurn"/>) and gets the working context: recent turns and the summary of the older
/// ones. When a job summarizes, the turns it folded in are dropped from the working context for good (<c>summary.updated</c>).
/// The queue of waiting turns lives in memory: after a restart, waiting jobs ask again when their context stage re-runs.
/// </remarks>
public sealed class ConversationEntity(
    IEntityContext<IConversationMessage> context, IJournal journal, Func<JobId, IJobMessage, CancellationToken, ValueTask> tellJob, TimeProvider time,
    Func<JobId, Fence?>? fenceFor = null)
    : IEntity<IConversationMessage>
{
    private readonly Queue<AcquireTurn> _waiting = new();
    private ConversationState _state = ConversationState.Empty;

    /// <inheritdoc />
    public bool CanPassivate => _state.ActiveJob is null && _waiting.Count == 0;

    /// <inheritdoc />
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await foreach (var entry in journal.ReadAllAsync(context.Id, 0, 1000, cancellationToken).ConfigureAwait(false))
        {
            _state = _state.Apply(entry);
        }
    }

    /// <inheritdoc />
    public Task HandleAsync(IConversationMessage message, CancellationToken cancellationToken) => message switch
    {
        AcquireTurn acquire => AcquireAsync(acquire, cancellationToken),
        EndTurn end => EndAsync(end, cancellationToken),
        GetConversation get => Reply(get),
        _ => Task.CompletedTask,
    };

    /// <inheritdoc />
    public Task GiveUpAsync(Exception cause, CancellationToken cancellationToken)
    {
        foreach (var waiting in _waiting)
        {
            waiting.Reply.TrySetException(cause);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var waiting in _waiting)
        {
            waiting.Reply.TrySetCanceled(); // their jobs ask again when their context stage re-runs
        }
        return ValueTask.CompletedTask;
    }

    private async Task AcquireAsync(AcquireTurn acquire, CancellationToken cancellationToken)
    {
        if (_state.ActiveJob is { } active && active != acquire.Job.Value)
        {
            // The active job may have ended while its end went unheard (a crash in between): its journal says so.
            await CloseIfEndedAsync(JobId.Parse(active), cancellationToken).ConfigureAwait(false);
        }
        if (_state.ActiveJob is null || _state.ActiveJob == acquire.Job.Value)
        {
            await GrantAsync(acquire, cancellationToken).ConfigureAwait(false);
            return;
        }
        switch (acquire.Policy)
        {
            case BusyPolicy.Reject:
                acquire.Reply.TrySetResult(new TurnGrant(false, "another message in this conversation is still being answered", [], null));
                break;
            case BusyPolicy.Interrupt:
                var interrupted = JobId.Parse(_state.ActiveJob);
                await AppendAsync("turn.failed", w => { w.WriteString("job_id", interrupted.Value); w.WriteString("reason", "interrupted by a newer message"); },
                    cancellationToken).ConfigureAwait(false);
                await tellJob(interrupted, new CancelJob("interrupted by a newer message in the same conversation"), cancellationToken).ConfigureAwait(false);
                await GrantAsync(acquire, cancellationToken).ConfigureAwait(false);
                break;
            default:
                _waiting.Enqueue(acquire);
                break;
        }
    }

    private async Task GrantAsync(AcquireTurn acquire, CancellationToken cancellationToken)
    {
        if (_state.ActiveJob != acquire.Job.Value)
        {
            await AppendAsync("turn.started", w => { w.WriteString("job_id", acquire.Job.Value); w.WriteString("message", acquire.Message); }, cancellationToken)
                .ConfigureAwait(false);
        }
        acquire.Reply.TrySetResult(new TurnGrant(true, null, _state.Turns, _state.Summary));
    }

    private async Task EndAsync(EndTurn end, CancellationToken cancellationToken)
    {
        if (_state.ActiveJob != end.Job.Value)
        {
            return; // already closed (interrupted, or told twice: the observer is at-least-once)
        }
        if (end.Answer is not null)
        {
            await AppendAsync("turn.completed", w =>
            {
                w.WriteString("job_id", end.Job.Value);
                w.WriteString("user", _state.ActiveMessage ?? "");
                w.WriteString("assistant", end.Answer);
            }, cancellationToken).ConfigureAwait(false);
            if (end.Summary is not null && end.KeptTurns is { } kept)
            {
                await AppendAsync("summary.updated", w => { w.WriteString("summary", end.Summary); w.WriteNumber("kept_turns", kept + 1); }, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        else
        {
            await AppendAsync("turn.failed", w => { w.WriteString("job_id", end.Job.Value); w.WriteString("reason", end.Reason ?? "failed"); }, cancellationToken)
                .ConfigureAwait(false);
        }
        while (_state.ActiveJob is null && _waiting.TryDequeue(out var next))
        {
            if (!next.Reply.Task.IsCompleted)
            {
                await GrantAsync(next, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CloseIfEndedAsync(JobId job, CancellationToken cancellationToken)
    {
        var head = await journal.GetStreamAsync(job, cancellationToken).ConfigureAwait(false);
        if (head is not { IsTerminal: true })
        {
            return;
        }
        var last = await journal.ReadAsync(job, head.LastSeq - 1, 1, cancellationToken).ConfigureAwait(false);
        var answer = last.Count == 1 && last[0].Type == JobEventTypes.Completed ? JobEventData.ReadString(last[0].DataJson, "answer") : null;
        await EndAsync(new EndTurn(job, answer, answer is null ? "the job failed" : null, null, null), cancellationToken).ConfigureAwait(false);
    }

    private Task Reply(GetConversation get)
    {
        get.Reply.TrySetResult(new ConversationView(context.Id.Value[ConversationIds.Prefix.Length..], _state.Turns, _state.Summary, _state.TotalTurns,
            _state.ActiveJob, _waiting.Count));
        return Task.CompletedTask;
    }

    private async Task AppendAsync(string type, Action<Utf8JsonWriter> data, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            data(writer);
            writer.WriteEndObject();
        }
        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var e = new EventData(type, time.GetUtcNow(), null, json);
        await journal.AppendAsync(context.Id, _state.LastSeq, [e], fenceFor?.Invoke(context.Id), cancellationToken).ConfigureAwait(false);
        _state = _state.Apply(new JournalEntry(context.Id, _state.LastSeq + 1, e.Type, e.Timestamp, null, json));
    }
}

/// <summary>A conversation's state, folded from its events.</summary>
internal sealed record ConversationState(long LastSeq, ImmutableList<ConversationTurn> Turns, string? Summary, int TotalTurns, string? ActiveJob, string? ActiveMessage)
{
    public static readonly ConversationState Empty = new(0, [], null, 0, null, null);

    public ConversationState Apply(JournalEntry entry)
    {
        var state = this with { LastSeq = entry.Seq };
        using var doc = JsonDocument.Parse(entry.DataJson ?? "{}");
        var data = doc.RootElement;
        string? Text(string name) => data.TryGetProperty(name, out var v) ? v.GetString() : null;
        return entry.Type switch
        {
            "turn.started" => state with { ActiveJob = Text("job_id"), ActiveMessage = Text("message") },
            "turn.completed" => state with
            {
                Turns = state.Turns.Add(new ConversationTurn(Text("user") ?? "", Text("assistant") ?? "")),
                TotalTurns = state.TotalTurns + 1,
                ActiveJob = null,
                ActiveMessage = null,
            },
            "turn.failed" when Text("job_id") == state.ActiveJob => state with { ActiveJob = null, ActiveMessage = null },
            // The summary replaces the older turns: they leave the working context for good.
            "summary.updated" => state with
            {
                Summary = Text("summary"),
                Turns = [.. state.Turns.TakeLast(data.GetProperty("kept_turns").GetInt32())],
            },
            _ => state,
        };
    }
}
