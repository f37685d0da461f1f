namespace Eco.Streams.Chat.Conversations;

/// <summary>Marker of the conversation messages that may cross nodes (bound to <see cref="ConversationMessageSerializer"/>).</summary>
public interface IConversationProtocol;
