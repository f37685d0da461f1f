namespace Eco.Streams.Usage;

/// <summary>Receives the outcome of every model attempt and every fallback, to be counted per provider and model.</summary>
/// <remarks>Called on the call's own thread, on every attempt: an adapter must be cheap, thread-safe and must not throw.</remarks>
public interface IModelUsage
{
    /// <summary>One attempt at one provider ended (answered, failed, or was refused before it left).</summary>
    void Attempted(ModelAttempt attempt);

    /// <summary>A call left one provider for the next in the chain.</summary>
    void FellBack(ModelFallback fallback);
}
