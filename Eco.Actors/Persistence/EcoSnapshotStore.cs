using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Eco.Actors.Snapshots;

namespace Eco.Actors.Persistence;

/// <summary>Eco's snapshot table (in the same SQLite file or PostgreSQL schema as the journal) as an Akka.Persistence snapshot store.</summary>
/// <remarks>Saves go through the journal's writer (group-committed with appends); only the latest snapshot of a stream is ever loaded
/// (a recovery asking for an older one replays from the start instead). A job's state is stored as readable JSON.</remarks>
public sealed class EcoSnapshotStore : SnapshotStore
{
    private readonly ISnapshotStore _store;
    private readonly PayloadCodec _codec;

    /// <summary>Created by Akka.Persistence from the plugin's configuration.</summary>
    public EcoSnapshotStore(Config config)
    {
        _ = config;
        var services = DependencyResolver.For(Context.System).Resolver;
        _store = services.GetService<ISnapshotStore>();
        _codec = new PayloadCodec(Context.System.Serialization, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    /// <inheritdoc />
    protected override async Task<SelectedSnapshot> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        var latest = await _store.LoadLatestAsync(PersistenceStreams.ToStream(persistenceId), cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return null!;
        }
        var metadata = new SnapshotMetadata(persistenceId, latest.Seq, latest.Timestamp.UtcDateTime);
        return Matches(criteria, metadata) ? new SelectedSnapshot(metadata, _codec.FromSnapshot(latest)) : null!;
    }

    /// <inheritdoc />
    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var (manifest, text) = _codec.ToSnapshot(snapshot);
        return _store.SaveAsync(PersistenceStreams.ToStream(metadata.PersistenceId), metadata.SequenceNr, manifest, text, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        _store.DeleteAsync(PersistenceStreams.ToStream(metadata.PersistenceId), metadata.SequenceNr, metadata.SequenceNr, cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _store.DeleteAsync(PersistenceStreams.ToStream(persistenceId), criteria.MinSequenceNr, criteria.MaxSequenceNr, cancellationToken);

    private static bool Matches(SnapshotSelectionCriteria criteria, SnapshotMetadata metadata) =>
        metadata.SequenceNr >= criteria.MinSequenceNr && metadata.SequenceNr <= criteria.MaxSequenceNr
        && metadata.Timestamp >= criteria.MinTimestamp.GetValueOrDefault(DateTime.MinValue) && metadata.Timestamp <= criteria.MaxTimeStamp;
}
