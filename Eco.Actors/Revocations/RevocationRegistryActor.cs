using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;

namespace Eco.Actors.Revocations;

/// <summary>The revocation registry: one persistent actor for the whole cluster (a cluster singleton). Every revocation is journaled
/// before it is answered, so an answer means it is durable; then the whole list is published to every node.</summary>
/// <remarks>Every <see cref="RevocationOptions.SnapshotEvery"/> events it snapshots the list without its expired tokens, so a recovery replays at most that
/// many events over a list that does not grow with history.</remarks>
public sealed class RevocationRegistryActor : UntypedPersistentActor, IWithTimers
{
    /// <summary>The pub-sub topic every node's <see cref="RevocationFollowerActor"/> listens on.</summary>
    public const string Topic = "eco.revocations";

    /// <summary>The registry's persistence id: an internal stream of the journal (see PersistenceStreams), never served as a job.</summary>
    public const string StreamId = "_revocations";

    private readonly TimeProvider _time;
    private readonly RevocationOptions _options;
    private static readonly TimeSpan PublishSpacing = TimeSpan.FromMilliseconds(50);
    private RevocationState _state = RevocationState.Empty;
    private DateTimeOffset _lastPublished = DateTimeOffset.MinValue;
    private bool _publishPending;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Use <see cref="Props"/>; public for Akka's activator.</summary>
    public RevocationRegistryActor(TimeProvider time, RevocationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapshotEvery, 1);
        _time = time;
        _options = options;
        JournalPluginId = EcoPersistence.JournalPluginId;
        SnapshotPluginId = EcoPersistence.SnapshotPluginId;
    }

    /// <summary>Props of the registry.</summary>
    /// <param name="time">The clock of revocations and expiries.</param>
    /// <param name="options">Token lifetimes and events between two snapshots.</param>
    public static Props Props(TimeProvider time, RevocationOptions options) => Akka.Actor.Props.Create(() => new RevocationRegistryActor(time, options));

    /// <inheritdoc />
    public override string PersistenceId => StreamId;

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: RevocationState snapshot }:
                _state = snapshot;
                break;
            case EventData e:
                _state = RevocationEvents.FromData(e) is { } revocation ? _state.Apply(LastSequenceNr, revocation) : _state.Skip(LastSequenceNr);
                break;
            case RecoveryCompleted:
                _state = _state.Prune(_time.GetUtcNow());
                Publish(); // a registry that moved to another node: every node hears from it at once
                break;
        }
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        var now = _time.GetUtcNow();
        switch (message)
        {
            case RevokeToken revoke:
                Commit(_state.RevokeToken(revoke.Jti, revoke.ExpiresAt, revoke.Reason, now, _options), now);
                break;
            case RevokeUser revoke:
                Commit(_state.RevokeUser(revoke.Subject, revoke.Reason, now), now);
                break;
            case GetRevocations get when get.KnownRevision < _state.Revision:
                Sender.Tell(_state);
                break;
            case GetRevocations: // the asker is current
                break;
            case PublishDue:
                PublishNow();
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)); // only the latest is ever loaded
                break;
            case SaveSnapshotFailure failed:
                Context.GetLogger().Warning(failed.Cause, "Revocations: snapshot at seq {0} not saved; the next recovery replays more events", failed.Metadata.SequenceNr);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure: // an old snapshot left behind is never loaded
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Journals what was decided, then answers and publishes; a refusal, or a revocation already in force, is answered at once.</summary>
    private void Commit(RevocationDecision decision, DateTimeOffset now)
    {
        if (decision.Event is not { } revocation)
        {
            Sender.Tell(new RevocationResult(decision.Refusal, Recorded: false, _state));
            return;
        }
        var replyTo = Sender;
        Persist(RevocationEvents.ToData(revocation, now), _ =>
        {
            _state = _state.Apply(LastSequenceNr, revocation);
            if (LastSequenceNr % _options.SnapshotEvery == 0)
            {
                // Pruned as of the decision, which kept only tokens expiring after it: the answer always holds what was revoked.
                _state = _state.Prune(now);
                SaveSnapshot(_state);
            }
            replyTo.Tell(new RevocationResult(null, Recorded: true, _state));
            Publish();
        });
    }

    /// <summary>Every node hears the whole list; in a burst of revocations at most once per <see cref="PublishSpacing"/> (the last
    /// one trailing), so a burst does not put hundreds of whole lists on the wire while the one after it waits behind them.</summary>
    private void Publish()
    {
        var since = _time.GetUtcNow() - _lastPublished;
        if (since >= PublishSpacing)
        {
            PublishNow();
        }
        else if (!_publishPending)
        {
            _publishPending = true;
            Timers.StartSingleTimer(PublishDue.Instance, PublishDue.Instance, PublishSpacing - since);
        }
    }

    private void PublishNow()
    {
        _publishPending = false;
        _lastPublished = _time.GetUtcNow();
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, _state));
    }

    private sealed record PublishDue
    {
        public static PublishDue Instance { get; } = new();
    }
}
