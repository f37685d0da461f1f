using Eco.Actors.Journal;
using Eco.Actors.Revocations;

namespace Eco.Tests.Unit.Revocations;

/// <summary>The revocation list's decisions and fold: revoked tokens, users revoked before and after a token was issued, pruning
/// and idempotence.</summary>
public sealed class RevocationStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly RevocationOptions Lifetimes = new() { DefaultTokenLifetime = TimeSpan.FromDays(1), MaxTokenLifetime = TimeSpan.FromDays(30) };

    /// <summary>Applies a decision's event as the actor would (the next seq), failing the test on a refusal or on nothing to record.</summary>
    private static RevocationState Accept(RevocationState state, RevocationDecision decision)
    {
        Assert.True(decision.Refusal is null, decision.Refusal);
        Assert.NotNull(decision.Event);
        return state.Apply(state.Revision + 1, decision.Event);
    }

    [Fact]
    public void IsRevoked_RevokedToken_IsRefusedAndOthersAreNot()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeToken("t-1", T0.AddHours(1), "leaked", T0, Lifetimes));

        Assert.True(state.IsRevoked("t-1", subject: null, issuedAt: null));
        Assert.True(state.IsRevoked("t-1", "alice", T0.AddMinutes(5))); // whoever holds it, whenever it was issued
        Assert.False(state.IsRevoked("t-2", "alice", T0));
        Assert.False(state.IsRevoked(null, null, null));
        Assert.True(state.TryGetToken("t-1", out var token));
        Assert.Equal(new TokenRevoked("t-1", T0.AddHours(1), T0, "leaked"), token);
        Assert.Equal(1, state.Revision);
    }

    [Fact]
    public void IsRevoked_RevokedUser_RefusesTokensIssuedAtOrBeforeTheCutoffOnly()
    {
        var cutoff = T0.AddMilliseconds(700);
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeUser("alice", "left the company", cutoff));

        Assert.True(state.IsRevoked("t-1", "alice", T0.AddHours(-1)));
        Assert.True(state.IsRevoked("t-1", "alice", cutoff));
        Assert.True(state.IsRevoked("t-1", "alice", T0)); // iat has whole seconds: issued in the cutoff's second counts as before it
        Assert.False(state.IsRevoked("t-2", "alice", T0.AddSeconds(1))); // a token issued after the revocation works again
        Assert.False(state.IsRevoked("t-1", "bob", T0.AddHours(-1)));
    }

    [Fact]
    public void IsRevoked_RevokedUserTokenWithoutIssuedAt_IsRefused()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeUser("alice", null, T0));

        Assert.True(state.IsRevoked(jti: null, "alice", issuedAt: null));
        Assert.True(state.IsRevoked("t-1", "alice", issuedAt: null));
        Assert.False(state.IsRevoked(null, "bob", null));
    }

    [Fact]
    public void RevokeUser_Again_MovesTheCutoffAndAnOlderEventDoesNotMoveItBack()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeUser("alice", "first", T0));
        Assert.False(state.IsRevoked(null, "alice", T0.AddMinutes(1)));

        state = Accept(state, state.RevokeUser("alice", "again", T0.AddMinutes(2)));
        Assert.True(state.IsRevoked(null, "alice", T0.AddMinutes(1)));
        Assert.Same(RevocationDecision.Unchanged, state.RevokeUser("alice", null, T0.AddMinutes(2))); // the same cutoff: nothing new

        var replayedOutOfOrder = state.Apply(state.Revision + 1, new UserRevoked("alice", T0, "first"));
        Assert.True(replayedOutOfOrder.TryGetUser("alice", out var user));
        Assert.Equal(T0.AddMinutes(2), user.RevokedAt);
    }

    [Fact]
    public void RevokeToken_AlreadyRevoked_RecordsNothingUnlessItExpiresLater()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeToken("t-1", T0.AddHours(1), "leaked", T0, Lifetimes));

        Assert.Same(RevocationDecision.Unchanged, state.RevokeToken("t-1", T0.AddHours(1), "again", T0.AddMinutes(1), Lifetimes));
        Assert.Same(RevocationDecision.Unchanged, state.RevokeToken("t-1", T0.AddMinutes(30), null, T0.AddMinutes(1), Lifetimes));
        Assert.Same(RevocationDecision.Unchanged, state.RevokeToken("t-1", null, null, T0.AddMinutes(1), Lifetimes)); // not a new default expiry

        // The first revocation guessed its expiry too early: the later one keeps it revoked as long as it lives.
        state = Accept(state, state.RevokeToken("t-1", T0.AddDays(1), null, T0.AddMinutes(1), Lifetimes));
        Assert.True(state.TryGetToken("t-1", out var token));
        Assert.Equal(new TokenRevoked("t-1", T0.AddDays(1), T0, "leaked"), token); // revoked since the first time, for the first reason
        Assert.True(state.Prune(T0.AddHours(2)).IsRevoked("t-1", null, null));
    }

    [Fact]
    public void RevokeToken_NoOrFarExpiry_LastsTheDefaultOrAtMostTheCapFromTheFirstRevocation()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeToken("default", null, null, T0, Lifetimes));
        Assert.True(state.TryGetToken("default", out var byDefault));
        Assert.Equal(T0.AddDays(1), byDefault.ExpiresAt);

        state = Accept(state, state.RevokeToken("far", T0.AddYears(2), null, T0, Lifetimes));
        Assert.True(state.TryGetToken("far", out var far));
        Assert.Equal(T0.AddDays(30), far.ExpiresAt);
        Assert.Same(RevocationDecision.Unchanged, state.RevokeToken("far", T0.AddYears(2), null, T0.AddDays(3), Lifetimes)); // the cap does not creep

        state = Accept(state, state.RevokeToken("default", T0.AddYears(2), null, T0.AddDays(3), Lifetimes));
        Assert.True(state.TryGetToken("default", out var extended));
        Assert.Equal(T0.AddDays(30), extended.ExpiresAt);
    }

    [Fact]
    public void RevokeToken_BadInput_IsRefusedWithTheReason()
    {
        var state = RevocationState.Empty;
        Assert.Contains("'jti' is empty", state.RevokeToken(" ", T0.AddHours(1), null, T0, Lifetimes).Refusal);
        Assert.Contains("201 characters; at most 200", state.RevokeToken(new string('x', 201), T0.AddHours(1), null, T0, Lifetimes).Refusal);
        Assert.Null(state.RevokeToken(new string('x', 200), T0.AddHours(1), null, T0, Lifetimes).Refusal);
        Assert.Contains("expired at", state.RevokeToken("t-1", T0, null, T0, Lifetimes).Refusal);
        Assert.Contains("reason has 501 characters", state.RevokeToken("t-1", T0.AddHours(1), new string('r', 501), T0, Lifetimes).Refusal);
        Assert.Contains("the user is empty", state.RevokeUser("", null, T0).Refusal);
        Assert.Contains("the user has 201 characters", state.RevokeUser(new string('u', 201), null, T0).Refusal);
    }

    [Fact]
    public void Prune_ExpiredTokens_AreDroppedAndUsersKept()
    {
        var state = Accept(RevocationState.Empty, RevocationState.Empty.RevokeToken("short", T0.AddMinutes(5), null, T0, Lifetimes));
        state = Accept(state, state.RevokeToken("long", T0.AddDays(1), null, T0, Lifetimes));
        state = Accept(state, state.RevokeUser("alice", null, T0));

        Assert.Same(state, state.Prune(T0.AddMinutes(4))); // nothing expired: the same state, no copy
        var pruned = state.Prune(T0.AddMinutes(5));
        Assert.Equal(["long"], pruned.Tokens.Select(t => t.Jti));
        Assert.False(pruned.IsRevoked("short", null, null));
        Assert.True(pruned.IsRevoked(null, "alice", T0));
        Assert.Equal(state.Revision, pruned.Revision);
        Assert.True(state.IsRevoked("short", null, null)); // an older state is never changed under its readers
    }

    [Fact]
    public void RevocationEvents_JournaledAndReadBack_AreTheSameEvents()
    {
        var token = new TokenRevoked("t-1", T0.AddHours(1), T0, "유출된 토큰");
        var user = new UserRevoked("alice", T0, null);

        var stored = RevocationEvents.ToData(token, T0.AddSeconds(1));
        Assert.Equal("token.revoked", stored.Type);
        Assert.Equal(T0.AddSeconds(1), stored.Timestamp);
        Assert.Contains("\"expires_at\"", stored.DataJson);
        Assert.Contains("유출된 토큰", stored.DataJson);
        Assert.Equal(token, RevocationEvents.FromData(stored));
        Assert.Equal(user, RevocationEvents.FromData(RevocationEvents.ToData(user, T0)));
        Assert.Null(RevocationEvents.FromData(new EventData("user.restored", T0, null, "{}"))); // a newer node's event: skipped
    }
}
