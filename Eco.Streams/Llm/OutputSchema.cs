namespace Eco.Streams.Llm;

/// <summary>A JSON schema for structured output.</summary>
/// <param name="Name">Schema name (letters, digits, '_').</param>
/// <param name="Json">The JSON schema text.</param>
public sealed record OutputSchema(string Name, string Json);
