using Akka.Actor;
using Akka.Persistence;
using Eco.Actors.Persistence;

namespace Eco.Tests.Support;

/// <summary>A plain persistent actor on Eco's plugins, driven by tests: persists what it is told, reports what it recovered.</summary>
public sealed class RecordingActor : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private readonly List<(long Seq, object Payload)> _recovered = [];
    private object? _snapshot;
    private IActorRef _waiting = ActorRefs.Nobody;

    public RecordingActor(string persistenceId)
    {
        _persistenceId = persistenceId;
        JournalPluginId = EcoPersistence.JournalPluginId;
        SnapshotPluginId = EcoPersistence.SnapshotPluginId;
    }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new RecordingActor(persistenceId));

    public override string PersistenceId => _persistenceId;

    /// <summary>Persist these as one atomic write; the reply is <see cref="Persisted"/> with their sequence numbers.</summary>
    public sealed record Write(IReadOnlyList<object> Events);

    public sealed record Persisted(IReadOnlyList<long> Seqs);

    /// <summary>The reply is <see cref="Recovered"/>.</summary>
    public sealed record GetRecovered;

    public sealed record Recovered(IReadOnlyList<(long Seq, object Payload)> Events, object? Snapshot, long LastSequenceNr);

    /// <summary>Save a snapshot of this state; the reply is the <see cref="SaveSnapshotSuccess"/>.</summary>
    public sealed record Snap(object State);

    /// <summary>Delete the events up to this seq; the reply is the <see cref="DeleteMessagesSuccess"/> or its failure.</summary>
    public sealed record Trim(long ToSequenceNr);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _snapshot = offer.Snapshot;
                break;
            case RecoveryCompleted:
                break;
            default:
                _recovered.Add((LastSequenceNr, message));
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Write write:
                var sender = Sender;
                var seqs = new List<long>();
                PersistAll(write.Events, _ =>
                {
                    seqs.Add(LastSequenceNr);
                    if (seqs.Count == write.Events.Count)
                    {
                        sender.Tell(new Persisted(seqs));
                    }
                });
                break;
            case GetRecovered:
                Sender.Tell(new Recovered(_recovered, _snapshot, LastSequenceNr));
                break;
            case Snap snap:
                _waiting = Sender;
                SaveSnapshot(snap.State);
                break;
            case Trim trim:
                _waiting = Sender;
                DeleteMessages(trim.ToSequenceNr);
                break;
            case SaveSnapshotSuccess or SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure:
                _waiting.Tell(message);
                break;
        }
    }
}
