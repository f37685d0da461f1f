namespace Eco.Actors.Entities;

/// <summary>The behaviour of one entity instance; the region gives it one message at a time.</summary>
/// <typeparam name="TMessage">The entity's closed set of messages.</typeparam>
public interface IEntity<in TMessage> : IAsyncDisposable
{
    /// <summary>Rebuilds state from the journal; called on first activation and after every supervised restart.</summary>
    Task RecoverAsync(CancellationToken cancellationToken);

    /// <summary>Handles one message. An exception restarts the entity from its journal; it never touches other entities.</summary>
    Task HandleAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>True when the entity has no work in flight and may be unloaded after the idle timeout.</summary>
    bool CanPassivate { get; }

    /// <summary>Called on a freshly recovered instance when the supervisor gives up, so the entity can record its failure.</summary>
    Task GiveUpAsync(Exception cause, CancellationToken cancellationToken);
}
