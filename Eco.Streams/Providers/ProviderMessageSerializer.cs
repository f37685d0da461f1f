using Akka.Actor;
using Eco.Actors.Persistence;

namespace Eco.Streams.Providers;

/// <summary>The explicit serializer of the registry's messages and of the state it publishes to every node.</summary>
public sealed class ProviderMessageSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, new Dictionary<string, Type>
{
    ["register-provider"] = typeof(RegisterProvider),
    ["update-provider"] = typeof(UpdateProvider),
    ["retire-provider"] = typeof(RetireProvider),
    ["rollback-provider"] = typeof(RollbackProvider),
    ["set-chain"] = typeof(SetChain),
    ["get-provider-registry"] = typeof(GetProviderRegistry),
    ["probe-provider-now"] = typeof(ProbeProviderNow),
    ["registry-result"] = typeof(RegistryResult),
    ["provider-registry-state"] = typeof(ProviderRegistryState),
})
{
    /// <summary>This serializer's identifier (unique in the actor system).</summary>
    public const int Id = 7104;

    /// <inheritdoc />
    public override int Identifier => Id;
}
