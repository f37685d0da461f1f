using Eco.Actors.Jobs;

namespace Eco.Actors.Entities;

/// <summary>What an entity knows of its cell: its id and a way to message itself (results of work it started).</summary>
/// <typeparam name="TMessage">The entity's messages.</typeparam>
public interface IEntityContext<in TMessage>
{
    /// <summary>The entity's id.</summary>
    JobId Id { get; }

    /// <summary>Queues a message to this entity, waiting while its mailbox is full (backpressure on the sender).</summary>
    ValueTask TellSelfAsync(TMessage message, CancellationToken cancellationToken);
}
