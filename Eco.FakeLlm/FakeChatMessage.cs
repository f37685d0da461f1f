namespace Eco.FakeLlm;

/// <summary>One message of a chat request: its role and its text (text parts of multi-part content are joined).</summary>
/// <param name="Role">The role: system, developer, user, assistant or tool.</param>
/// <param name="Content">The text content; empty when the message has none.</param>
public sealed record FakeChatMessage(string Role, string Content);
