namespace Eco.Streams.Chat.Conversations;

/// <summary>Asks for the conversation as it stands; the reply is a <see cref="ConversationView"/>.</summary>
public sealed record GetConversation : IConversationProtocol
{
    /// <summary>The one instance.</summary>
    public static readonly GetConversation Instance = new();
}
