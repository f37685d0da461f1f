namespace Eco.Streams.Llm;

/// <summary>The result of a non-streaming call.</summary>
/// <param name="Text">The reply (JSON text for structured output).</param>
/// <param name="Provider">The provider that answered.</param>
public sealed record ModelReply(string Text, string Provider)
{
    /// <summary>The tokens the provider reports it counted, or null when it reports none (then they are estimated).</summary>
    public TokenUsage? Usage { get; init; }
}
