namespace Eco.Streams.Llm;

/// <summary>A provider's circuit breaker is open: the provider failed repeatedly and is skipped until its break is over. It is the
/// provider's state, not the stage's: the fallback chain moves on to the next provider.</summary>
/// <param name="provider">The provider.</param>
/// <param name="inner">The breaker's own exception.</param>
public sealed class ProviderUnavailableException(string provider, Exception inner)
    : Exception($"provider '{provider}' is failing repeatedly; its circuit is open", inner)
{
    /// <summary>The provider.</summary>
    public string Provider { get; } = provider;
}
