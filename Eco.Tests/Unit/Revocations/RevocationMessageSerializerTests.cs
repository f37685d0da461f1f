using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Eco.Actors.Revocations;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Revocations;

/// <summary>The list travels to every node and into snapshots: what a node refuses must survive the trip.</summary>
public sealed class RevocationMessageSerializerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly ActorSystem _system = ActorSystem.Create("serializer-test",
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(EcoActorSystems.NodeHocon()));

    public void Dispose() => _system.Dispose();

    [Fact]
    public void RevocationState_OnTheOtherNode_RefusesTheSameTokens()
    {
        var state = RevocationState.Empty
            .Apply(1, new TokenRevoked("t-1", T0.AddHours(1), T0, "leaked"))
            .Apply(2, new UserRevoked("alice", T0, null));

        var back = Assert.IsType<RevocationState>(RoundTrip(state));
        Assert.Equal(2, back.Revision);
        Assert.True(back.IsRevoked("t-1", null, null));
        Assert.True(back.IsRevoked(null, "alice", T0));
        Assert.False(back.IsRevoked(null, "alice", T0.AddSeconds(1)));
        Assert.True(back.TryGetToken("t-1", out var token));
        Assert.Equal(new TokenRevoked("t-1", T0.AddHours(1), T0, "leaked"), token);
    }

    [Fact]
    public void RevocationCommandsAndResult_CrossNodesUnchanged()
    {
        Assert.Equal(new RevokeToken("t-1", T0, "why"), RoundTrip(new RevokeToken("t-1", T0, "why")));
        Assert.Equal(new RevokeToken("t-2", null, null), RoundTrip(new RevokeToken("t-2", null, null)));
        Assert.Equal(new RevokeUser("alice", null), RoundTrip(new RevokeUser("alice", null)));
        Assert.Equal(new GetRevocations(7), RoundTrip(new GetRevocations(7)));
        var result = Assert.IsType<RevocationResult>(RoundTrip(new RevocationResult("refused", false, RevocationState.Empty.Apply(1, new UserRevoked("bob", T0, null)))));
        Assert.Equal("refused", result.Refusal);
        Assert.True(result.State.IsRevoked(null, "bob", null));
    }

    private object RoundTrip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<RevocationMessageSerializer>(serializer);
        var manifest = Serialization.ManifestFor(serializer, message);
        return _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }
}
