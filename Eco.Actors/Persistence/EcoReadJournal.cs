using System.Runtime.CompilerServices;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Eco.Actors.Events;
using Eco.Actors.Journal;

namespace Eco.Actors.Persistence;

/// <summary>Akka.Persistence.Query over Eco's journal: a stream's events so far, or so far and then live, in seq order.</summary>
/// <remarks>
/// The live query is pushed from the commit, not polled: it subscribes to the events the journal's writer publishes as it commits
/// (and, in a cluster, to the event bus for other nodes' commits) before it reads the journal, drops what it already sent and fills
/// any hole from the journal (<see cref="JobWatcher"/>): no gap, no duplicate. A job's live query completes after its terminal event.
/// </remarks>
public sealed class EcoReadJournal : IReadJournal, ICurrentEventsByPersistenceIdQuery, IEventsByPersistenceIdQuery
{
    /// <summary>The configuration path of this read journal (<c>PersistenceQuery.Get(system).ReadJournalFor&lt;EcoReadJournal&gt;(Identifier)</c>).</summary>
    public const string Identifier = "akka.persistence.query.journal.eco";

    private readonly IJournal _journal;
    private readonly JobWatcher _watcher;
    private readonly PayloadCodec _codec;
    private readonly int _pageSize;

    internal EcoReadJournal(ExtendedActorSystem system, Config config)
    {
        var services = DependencyResolver.For(system).Resolver;
        _journal = services.GetService<IJournal>();
        _watcher = services.GetService<JobWatcher>();
        _codec = new PayloadCodec(system.Serialization, services.GetService<TimeProvider>() ?? TimeProvider.System);
        _pageSize = config.GetInt("page-size", 1000);
    }

    /// <inheritdoc />
    public Source<EventEnvelope, NotUsed> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        Source.From(() => ReadAsync(persistenceId, fromSequenceNr, toSequenceNr, live: false, CancellationToken.None));

    /// <inheritdoc />
    public Source<EventEnvelope, NotUsed> EventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        Source.From(() => ReadAsync(persistenceId, fromSequenceNr, toSequenceNr, live: true, CancellationToken.None));

    private async IAsyncEnumerable<EventEnvelope> ReadAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, bool live,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = PersistenceStreams.ToStream(persistenceId);
        var after = Math.Max(0, fromSequenceNr - 1);
        var entries = live ? _watcher.WatchAsync(stream, after, cancellationToken) : _journal.ReadAllAsync(stream, after, _pageSize, cancellationToken);
        await foreach (var entry in entries.ConfigureAwait(false))
        {
            if (entry.Seq > toSequenceNr)
            {
                yield break;
            }
            yield return new EventEnvelope(new Sequence(entry.Seq), persistenceId, entry.Seq, _codec.FromEntry(entry),
                entry.Timestamp.ToUnixTimeMilliseconds(), []);
            if (entry.Seq == toSequenceNr)
            {
                yield break;
            }
        }
    }
}
