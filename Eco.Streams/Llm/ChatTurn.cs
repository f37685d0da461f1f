namespace Eco.Streams.Llm;

/// <summary>One message of a prompt or a conversation.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text.</param>
public sealed record ChatTurn(string Role, string Content)
{
    /// <summary>A photo sent with a user message, for a vision model; null for text alone.</summary>
    public ModelImage? Image { get; init; }

    /// <summary>A system message.</summary>
    public static ChatTurn System(string content) => new("system", content);

    /// <summary>A user message.</summary>
    public static ChatTurn User(string content) => new("user", content);

    /// <summary>An assistant message.</summary>
    public static ChatTurn Assistant(string content) => new("assistant", content);
}
