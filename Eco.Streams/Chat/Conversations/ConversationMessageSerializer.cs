using Akka.Actor;
using Eco.Actors.Persistence;

namespace Eco.Streams.Chat.Conversations;

/// <summary>The explicit serializer of the conversation messages that cross nodes.</summary>
public sealed class ConversationMessageSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, new Dictionary<string, Type>
{
    ["acquire-turn"] = typeof(AcquireTurn),
    ["end-turn"] = typeof(EndTurn),
    ["get-conversation"] = typeof(GetConversation),
    ["turn-grant"] = typeof(TurnGrant),
    ["conversation-view"] = typeof(ConversationView),
})
{
    /// <summary>This serializer's identifier (unique in the actor system).</summary>
    public const int Id = 7103;

    /// <inheritdoc />
    public override int Identifier => Id;
}
