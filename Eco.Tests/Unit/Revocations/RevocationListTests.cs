using Eco.Actors.Revocations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Unit.Revocations;

/// <summary>A node's revocation list: follows newer states only, and tells its listeners.</summary>
public sealed class RevocationListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static RevocationState Revoked(RevocationState state, string jti) =>
        state.Apply(state.Revision + 1, new TokenRevoked(jti, T0.AddHours(1), T0, null));

    [Fact]
    public void Apply_NewerState_IsInForceAndRaisesChanged_AnOlderOneIsIgnored()
    {
        var list = new RevocationList(NullLogger<RevocationList>.Instance);
        var seen = new List<long>();
        list.Changed += state => seen.Add(state.Revision);
        Assert.False(list.IsLoaded);

        var one = Revoked(RevocationState.Empty, "t-1");
        var two = Revoked(one, "t-2");
        Assert.True(list.Apply(two));
        Assert.False(list.Apply(one)); // a late publish
        Assert.False(list.Apply(two)); // a repeated one

        Assert.True(list.IsLoaded);
        Assert.True(list.IsRevoked("t-1", null, null));
        Assert.True(list.IsRevoked("t-2", null, null));
        Assert.Equal([2L], seen);
    }

    [Fact]
    public void Apply_FirstStateWithNothingRevoked_MarksTheListLoaded()
    {
        var list = new RevocationList(NullLogger<RevocationList>.Instance);
        Assert.True(list.Apply(RevocationState.Empty)); // a cluster that never revoked anything: the registry's answer still counts
        Assert.True(list.IsLoaded);
        Assert.False(list.Apply(RevocationState.Empty));
    }

    [Fact]
    public void Apply_HandlerThrows_TheListIsCurrentAndTheOtherHandlersRun()
    {
        var list = new RevocationList(NullLogger<RevocationList>.Instance);
        var told = 0;
        list.Changed += _ => throw new InvalidOperationException("a socket closer failed");
        list.Changed += _ => told++;

        Assert.True(list.Apply(Revoked(RevocationState.Empty, "t-1")));
        Assert.True(list.IsRevoked("t-1", null, null));
        Assert.Equal(1, told);
    }
}
