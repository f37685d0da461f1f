using Akka.Actor;
using Akka.Persistence;

namespace Eco.Actors.Entities;

/// <summary>
/// A persistent entity run under <see cref="EntitySupervisor"/>: when the journal fails or refuses a write, or recovery fails, it tells
/// its supervisor why before it stops, so the supervisor can restart it with backoff or, its budget spent, end the job with the reason.
/// </summary>
public abstract class SupervisedPersistentActor : UntypedPersistentActor
{
    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new EntityFailed($"the journal failed a write: {cause.Message}"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    /// <remarks>The actor's sequence number moved past the refused events: it stops and recovers from the journal (no gap).</remarks>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new EntityFailed($"the journal refused a write: {cause.Message}"));
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new EntityFailed($"recovery failed: {reason.Message}"));
        base.OnRecoveryFailure(reason, message);
    }
}
