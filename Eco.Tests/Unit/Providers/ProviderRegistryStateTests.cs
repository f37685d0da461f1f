using System.Text.Json.Nodes;
using Eco.Streams.Providers;

namespace Eco.Tests.Unit.Providers;

/// <summary>The registry's decisions and fold: versions, rollback, retirement, the chain, and what probes do to states.</summary>
public sealed class ProviderRegistryStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static ProviderSettings Remote(string model = "m1") => new() { Kind = "openai", BaseUrl = "http://127.0.0.1:8000/v1", Model = model };

    /// <summary>Applies a decision's events as the actor would (seq after seq), failing the test on a refusal.</summary>
    private static ProviderRegistryState Accept(ProviderRegistryState state, RegistryDecision decision)
    {
        Assert.True(decision.Outcome == RegistryOutcome.Ok, decision.Reason);
        return decision.Events.Aggregate(state, (s, e) => s.Apply(s.Revision + 1, e));
    }

    private static ProviderRegistryState WithRemoteAndLocal()
    {
        var state = ProviderRegistryState.FromConfiguration(new Dictionary<string, ProviderSettings> { ["local"] = new() { Kind = "local" } }, ["local"], T0);
        return Accept(state, state.Register("remote", Remote(), T0));
    }

    [Fact]
    public void Settings_changes_are_versions_and_a_rollback_restores_an_earlier_one_as_a_new_version()
    {
        var state = WithRemoteAndLocal();
        state = Accept(state, state.Update("remote", new JsonObject { ["model"] = "m2", ["limits"] = new JsonObject { ["max_concurrency"] = 8 } }, T0.AddMinutes(1)));
        var updated = state.Providers["remote"];
        Assert.Equal(2, updated.Current.Version);
        Assert.Equal("m2", updated.Current.Settings.Model);
        Assert.Equal(8, updated.Current.Settings.Limits.MaxConcurrency);
        Assert.Equal(3_000, updated.Current.Settings.Limits.RequestsPerMinute); // untouched by the patch
        Assert.Equal("m1", updated.Versions[0].Settings.Model);

        state = Accept(state, state.Rollback("remote", 1, T0.AddMinutes(2)));
        var rolledBack = state.Providers["remote"];
        Assert.Equal(3, rolledBack.Current.Version);
        Assert.Equal("rolled back to version 1", rolledBack.Current.Reason);
        Assert.Equal("m1", rolledBack.Current.Settings.Model);
        Assert.Equal(64, rolledBack.Current.Settings.Limits.MaxConcurrency);

        Assert.Equal(RegistryOutcome.NotFound, state.Rollback("remote", 9, T0).Outcome);
        Assert.Same(RegistryDecision.Unchanged, state.Update("remote", new JsonObject { ["model"] = "m1" }, T0)); // same settings: no version
    }

    [Fact]
    public void Bad_settings_are_refused_with_a_reason_and_change_nothing()
    {
        var state = WithRemoteAndLocal();
        Assert.Equal(RegistryOutcome.Conflict, state.Register("remote", Remote(), T0).Outcome);
        var badUrl = state.Register("other", Remote() with { BaseUrl = "not a url" }, T0);
        Assert.Equal(RegistryOutcome.Invalid, badUrl.Outcome);
        Assert.Contains("base_url", badUrl.Reason);
        Assert.Equal(RegistryOutcome.Invalid, state.Register("Bad Name", Remote(), T0).Outcome);
        Assert.Equal(RegistryOutcome.Invalid, state.Register("stats", Remote(), T0).Outcome);
        var typo = state.Update("remote", new JsonObject { ["modle"] = "m2" }, T0);
        Assert.Equal(RegistryOutcome.Invalid, typo.Outcome);
        Assert.Contains("modle", typo.Reason);
        var clearKey = state.Update("remote", new JsonObject { ["api_key"] = "sk-secret" }, T0);
        Assert.Equal(RegistryOutcome.Invalid, clearKey.Outcome);
        Assert.Contains("never stores an API key", clearKey.Reason);
        Assert.DoesNotContain("sk-secret", clearKey.Reason);
        Assert.Equal(RegistryOutcome.Invalid, state.Update("remote", new JsonObject { ["api_key_ref"] = "OPENAI_API_KEY" }, T0).Outcome);
        Assert.Equal(RegistryOutcome.Invalid, state.Update("remote", new JsonObject { ["limits"] = new JsonObject { ["max_concurrency"] = 0 } }, T0).Outcome);
        Assert.Equal(1, state.Providers["remote"].Current.Version);
    }

    [Fact]
    public void A_provider_in_the_chain_cannot_be_retired_and_a_retired_one_cannot_join_a_chain()
    {
        var state = WithRemoteAndLocal();
        state = Accept(state, state.SetChain(["remote", "local"], T0));
        var inUse = state.Retire("remote", null, T0);
        Assert.Equal(RegistryOutcome.Conflict, inUse.Outcome);
        Assert.Contains("fallback chain", inUse.Reason);

        state = Accept(state, state.SetChain(["local"], T0));
        state = Accept(state, state.Retire("remote", "replaced by vllm-b", T0));
        Assert.Equal(ProviderState.Retired, state.Providers["remote"].State);
        Assert.Equal("replaced by vllm-b", state.Providers["remote"].StateReason);

        var refused = state.SetChain(["remote", "local"], T0);
        Assert.Equal(RegistryOutcome.Invalid, refused.Outcome);
        Assert.Contains("'remote' is retired", refused.Reason);
        Assert.Equal(RegistryOutcome.Conflict, state.Update("remote", new JsonObject { ["model"] = "m9" }, T0).Outcome);
        Assert.Equal(RegistryOutcome.Invalid, state.SetChain(["nope"], T0).Outcome);
        Assert.Equal(RegistryOutcome.Invalid, state.SetChain([], T0).Outcome);
        Assert.Equal(RegistryOutcome.Invalid, state.SetChain(["local", "local"], T0).Outcome);
    }

    [Fact]
    public void Probes_move_a_provider_through_its_states_and_one_in_error_leaves_the_effective_chain()
    {
        var state = WithRemoteAndLocal();
        state = Accept(state, state.SetChain(["remote", "local"], T0));
        state = Accept(state, state.ProbedAll([("remote", 1, null), ("local", 1, null)], T0.AddSeconds(1)));
        Assert.Equal(ProviderState.InUse, state.Providers["remote"].State);
        Assert.Equal(["remote", "local"], state.EffectiveChain);

        state = Accept(state, state.Probed("remote", 1, "connection refused", T0.AddSeconds(2)));
        Assert.Equal(ProviderState.Error, state.Providers["remote"].State);
        Assert.Equal(["local"], state.EffectiveChain);
        Assert.Same(RegistryDecision.Unchanged, state.Probed("remote", 1, "still refused", T0.AddSeconds(3)));

        state = Accept(state, state.Probed("remote", 1, null, T0.AddSeconds(4)));
        Assert.Equal(ProviderState.Recovered, state.Providers["remote"].State);
        Assert.Equal(["remote", "local"], state.EffectiveChain);
        state = Accept(state, state.Probed("remote", 1, null, T0.AddSeconds(5)));
        Assert.Equal(ProviderState.InUse, state.Providers["remote"].State);

        Assert.Equal(
            [(ProviderState.Registered, ProviderState.Active), (ProviderState.Active, ProviderState.InUse), (ProviderState.InUse, ProviderState.Error),
             (ProviderState.Error, ProviderState.Recovered), (ProviderState.Recovered, ProviderState.InUse)],
            state.Providers["remote"].Transitions.Select(t => (t.From, t.To)));
        Assert.Same(RegistryDecision.Unchanged, state.Probed("remote", 7, "a probe of settings since replaced", T0.AddSeconds(6)));
    }

    [Fact]
    public void A_provider_still_loading_is_waited_for_until_its_ready_timeout_then_marked_error()
    {
        var state = WithRemoteAndLocal();
        Assert.Same(RegistryDecision.Unchanged, state.Probed("remote", 1, "connection refused", T0.AddSeconds(30)));
        var late = state.Probed("remote", 1, "connection refused", T0.AddMinutes(2));
        state = Accept(state, late);
        Assert.Equal(ProviderState.Error, state.Providers["remote"].State);
        Assert.StartsWith("not ready within 00:02:00: connection refused", state.Providers["remote"].StateReason);
    }

    [Fact]
    public void When_no_provider_of_the_chain_serves_the_whole_chain_is_tried()
    {
        var state = WithRemoteAndLocal();
        state = Accept(state, state.SetChain(["remote"], T0));
        state = Accept(state, state.Probed("remote", 1, "refused", T0.AddMinutes(3)));
        Assert.Equal(ProviderState.Error, state.Providers["remote"].State);
        Assert.Equal(["remote"], state.EffectiveChain);
    }

    [Fact]
    public void Configuration_seeds_only_what_the_registry_does_not_know()
    {
        var state = WithRemoteAndLocal();
        state = Accept(state, state.Update("remote", new JsonObject { ["model"] = "operator-choice" }, T0));
        var seed = state.Seed(new Dictionary<string, ProviderSettings> { ["remote"] = Remote("config-choice"), ["extra"] = Remote() }, ["remote"], T0);
        state = Accept(state, seed);
        Assert.Equal("operator-choice", state.Providers["remote"].Current.Settings.Model);
        Assert.Equal(ProviderState.Registered, state.Providers["extra"].State);
        Assert.Equal(["local"], state.Chain); // the registry already had a chain
    }
}
