namespace Eco.FakeLlm;

/// <summary>One message of a chat request: its role and its text (text parts of multi-part content are joined).</summary>
/// <param name="Role">The role: system, developer, user, assistant or tool.</param>
/// <param name="Content">The text content; empty when the message has none.</param>
public sealed record FakeChatMessage(string Role, string Content)
{
    /// <summary>The images the message carries (its <c>image_url</c> parts): their URLs, <c>data:</c> URLs for images sent as
    /// bytes, in order.</summary>
    public IReadOnlyList<FakeImagePart> Images { get; init; } = [];
}
