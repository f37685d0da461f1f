namespace Eco.Streams.Usage;

/// <summary>A call that one provider failed was handed to the next one in the chain.</summary>
/// <param name="FromProvider">The provider that failed.</param>
/// <param name="FromModel">Its model.</param>
/// <param name="ToProvider">The provider that took the call over.</param>
public sealed record ModelFallback(string FromProvider, string FromModel, string ToProvider);
