namespace Eco.Streams.Llm;

/// <summary>A provider answered, but not with what was asked: no text at all, or not the requested JSON. The attempt failed: it is
/// retried, then the next provider is tried.</summary>
/// <param name="provider">The provider that answered.</param>
/// <param name="reason">What was wrong with the reply, in plain words.</param>
public sealed class ModelReplyException(string provider, string reason) : Exception($"{provider}: {reason}")
{
    /// <summary>The provider that answered.</summary>
    public string Provider { get; } = provider;

    /// <summary>What was wrong with the reply.</summary>
    public string Reason { get; } = reason;
}
