namespace Eco.Streams.Llm;

/// <summary>Tokens a provider reports it counted for one reply.</summary>
/// <param name="Input">Prompt tokens.</param>
/// <param name="Output">Reply tokens.</param>
public sealed record TokenUsage(int Input, int Output);
