using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;

namespace Eco.Actors.Persistence;

/// <summary>Eco's group-commit journal (SQLite or PostgreSQL, whichever <see cref="IJournal"/> the node runs) as an Akka.Persistence write journal.</summary>
/// <remarks>
/// <para>Each <see cref="AtomicWrite"/> (one Persist or PersistAll) is one append of the storage: all its events or none, at the
/// sequence numbers the actor gave them, which the journal checks are the stream's next (the actor's sequence number is the event's
/// <c>seq</c>: 1, 2, 3, … with no gap). Appends of many actors share one commit; a conflict in one stream fails that stream's
/// write alone, never a neighbour's in the same batch.</para>
/// <para>Writes are fenced: an append to a job's stream carries the fence of the lease this node holds on the job's shard
/// (<see cref="ShardFences"/>), so a node that lost the shard cannot append even before it knows. A refusal (fenced out, sequence
/// conflict, stream closed, shard not held) is a failed write: the actor stops and recovers from what is durable. Only an event the
/// journal cannot take at all (malformed) is a rejection.</para>
/// <para>Committed events go live from the storage's writer itself (see <see cref="Events.ILiveEventPublisher"/>), so the live
/// query (<see cref="EcoReadJournal"/>) is pushed from the commit.</para>
/// </remarks>
public sealed class EcoWriteJournal : AsyncWriteJournal
{
    private readonly IJournal _journal;
    private readonly ShardFences _fences;
    private readonly PayloadCodec _codec;
    private readonly int _pageSize;

    /// <summary>Created by Akka.Persistence from the plugin's configuration (<c>replay-page-size</c>).</summary>
    public EcoWriteJournal(Config config)
    {
        var services = DependencyResolver.For(Context.System).Resolver;
        _journal = services.GetService<IJournal>();
        _fences = services.GetService<ShardFences>() ?? ShardFences.Unenforced;
        _codec = new PayloadCodec(Context.System.Serialization, services.GetService<TimeProvider>() ?? TimeProvider.System);
        _pageSize = config.GetInt("replay-page-size", 1000);
    }

    /// <inheritdoc />
    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? [.. messages];
        if (writes.Count == 1)
        {
            // The usual call (one Persist or PersistAll of one actor): its append's own task, with nothing gathered around it.
            try
            {
                await AppendAsync(writes[0], cancellationToken).ConfigureAwait(false);
                return null!; // written
            }
            catch (ArgumentException malformed)
            {
                return [malformed];
            }
        }
        var appends = new Task[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            appends[i] = AppendAsync(writes[i], cancellationToken); // queued in order: a second write of the same actor follows its first in the batch
        }
        try
        {
            await Task.WhenAll(appends).ConfigureAwait(false);
            return null!; // all written
        }
        catch (Exception)
        {
            // inspected one by one below
        }
        Exception[]? rejected = null;
        foreach (var (append, i) in appends.Select((a, i) => (a, i)))
        {
            var error = append.Exception?.InnerException;
            if (error is ArgumentException)
            {
                (rejected ??= new Exception[appends.Length])[i] = error;
            }
            else if (error is not null)
            {
                // One actor's writes per call: failing the call stops that actor (it recovers from the journal), and no other.
                ExceptionDispatchInfo.Throw(error);
            }
        }
        return [.. rejected!];
    }

    /// <remarks>Never throws: an event the codec or the journal cannot take faults the task (an <see cref="ArgumentException"/>:
    /// rejected), as does a refused write (failed).</remarks>
    private Task<long> AppendAsync(AtomicWrite write, CancellationToken cancellationToken)
    {
        try
        {
            var payload = (IImmutableList<IPersistentRepresentation>)write.Payload;
            var stream = PersistenceStreams.ToStream(write.PersistenceId);
            var events = new EventData[payload.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = _codec.ToEvent(payload[i].Payload);
            }
            var fence = InternalStreams.IsInternal(stream) ? null : _fences.FenceFor(stream);
            // The journal assigns exactly the sequence numbers the actor gave (it refuses any other expected head).
            return _journal.AppendAsync(stream, write.LowestSequenceNr - 1, events, fence, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<long>(ex);
        }
    }

    /// <inheritdoc />
    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        var stream = PersistenceStreams.ToStream(persistenceId);
        var after = fromSequenceNr - 1;
        var left = max;
        while (left > 0 && after < toSequenceNr)
        {
            var asked = (int)Math.Min(_pageSize, Math.Min(left, toSequenceNr - after));
            var page = await _journal.ReadAsync(stream, after, asked, CancellationToken.None).ConfigureAwait(false);
            foreach (var entry in page)
            {
                recoveryCallback(_codec.ToPersistent(persistenceId, entry));
            }
            if (page.Count < asked)
            {
                return;
            }
            left -= page.Count;
            after = page[^1].Seq;
        }
    }

    /// <inheritdoc />
    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        (await _journal.GetStreamAsync(PersistenceStreams.ToStream(persistenceId), cancellationToken).ConfigureAwait(false))?.LastSeq ?? 0;

    /// <inheritdoc />
    /// <remarks>Only Akka's internal streams are ever trimmed; a job's or a conversation's events are never deleted.</remarks>
    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _journal.DeleteThroughAsync(PersistenceStreams.ToStream(persistenceId), toSequenceNr, cancellationToken);
}
