using Akka.Actor;
using Eco.Actors.Persistence;

namespace Eco.Actors.Revocations;

/// <summary>The explicit serializer of the revocation registry's messages and of the list it publishes and snapshots.</summary>
public sealed class RevocationMessageSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, new Dictionary<string, Type>
{
    ["revoke-token"] = typeof(RevokeToken),
    ["revoke-user"] = typeof(RevokeUser),
    ["get-revocations"] = typeof(GetRevocations),
    ["revocation-result"] = typeof(RevocationResult),
    ["revocation-state"] = typeof(RevocationState),
})
{
    /// <summary>This serializer's identifier (unique in the actor system).</summary>
    public const int Id = 7105;

    /// <inheritdoc />
    public override int Identifier => Id;
}
