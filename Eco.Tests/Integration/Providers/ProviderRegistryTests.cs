using System.Net;
using System.Text.Json;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Streams.Providers;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Eco.Tests.Integration.Providers.RegistryClient;

namespace Eco.Tests.Integration.Providers;

/// <summary>The provider registry on a real node, against the fake OpenAI server: states driven by real probes, versions and
/// rollback through the real `eco` command, retirement, key references, and a restart.</summary>
[Trait("Category", "Integration")]
public sealed class ProviderRegistryTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<FakeLlmServer> StartFakeAsync(int port, FaultPlan? faults = null, string? apiKey = null, bool noModelsList = false) =>
        FakeLlmServer.StartAsync(new FakeLlmOptions
        {
            Port = port, MinLatency = TimeSpan.FromMilliseconds(5), MaxLatency = TimeSpan.FromMilliseconds(5), Faults = faults ?? FaultPlan.None,
            ApiKey = apiKey, NoModelsList = noModelsList,
        }, DomainFakeBrain.Create());

    private static async Task<List<WireEvent>> RunJobAsync(TestNode node, string message = "페트병 어떻게 버려?")
    {
        var job = await node.SubmitChatAsync(message);
        var end = await node.WaitForEndAsync(job, JobTimeout);
        Assert.Equal("completed", end.GetProperty("status").GetString());
        return await node.GetEventsAsync(job);
    }

    private static int CallsOf(FakeLlmServer server, List<WireEvent> events) =>
        server.Stats.CompletedByUser.Where(kv => kv.Key.StartsWith(events[0].JobId + ":", StringComparison.Ordinal)).Sum(kv => kv.Value);

    [Fact]
    public async Task A_provider_whose_server_dies_goes_to_error_leaves_the_chain_and_comes_back_through_recovered()
    {
        var port = NodeProcess.FreePort();
        var server = await StartFakeAsync(port);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(node, "remote", port)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetChainAsync(node, "remote", "local")).StatusCode);
        await WaitForStateAsync(node, "remote", "in_use");
        await WaitForEffectiveChainAsync(node, "remote", "local");
        Assert.True(CallsOf(server, await RunJobAsync(node)) > 0, "the first job calls the remote provider");

        await server.DisposeAsync();
        await WaitForStateAsync(node, "remote", "error");
        Assert.Contains("unreachable", (await ShowAsync(node, "remote")).GetProperty("provider").GetProperty("state_reason").GetString());
        await WaitForEffectiveChainAsync(node, "local");
        var whileDown = await RunJobAsync(node);
        Assert.DoesNotContain(whileDown, e => e.Type is "llm.fallback" or "llm.retry"); // the chain no longer tries the dead provider

        server = await StartFakeAsync(port);
        try
        {
            await WaitForStateAsync(node, "remote", "in_use");
            await WaitForEffectiveChainAsync(node, "remote", "local");
            Assert.True(CallsOf(server, await RunJobAsync(node)) > 0, "after recovery the remote provider takes calls again");
            var moves = (await ShowAsync(node, "remote")).GetProperty("transitions").EnumerateArray()
                .Select(t => $"{t.GetProperty("from").GetString()}→{t.GetProperty("to").GetString()}").ToList();
            Assert.Equal(["registered→active", "active→in_use", "in_use→error", "error→recovered", "recovered→in_use"], moves);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_provider_that_fails_in_use_is_probed_at_once_not_at_the_next_interval()
    {
        var port = NodeProcess.FreePort();
        var server = await StartFakeAsync(port);
        var rarely = new Dictionary<string, string?> { ["Eco:Llm:Registry:ProbeInterval"] = "00:10:00" };
        await using var node = await TestNode.StartAsync(_dir.Path, settings: rarely);
        await RegisterAsync(node, "remote", port); // probed once when registered, then not for ten minutes
        await SetChainAsync(node, "remote", "local");
        await WaitForStateAsync(node, "remote", "in_use");
        await WaitForEffectiveChainAsync(node, "remote", "local");

        await server.DisposeAsync();
        var job = await RunJobAsync(node);
        Assert.Contains(job, e => e.Type == "llm.fallback"); // the job itself found the provider dead and fell back to local
        await WaitForStateAsync(node, "remote", "error", TimeSpan.FromSeconds(10));
        await WaitForEffectiveChainAsync(node, "local");
    }

    [Fact]
    public async Task Updates_are_versions_a_rollback_restores_the_earlier_settings_and_the_registry_survives_a_restart()
    {
        var port = NodeProcess.FreePort();
        // The server fails every call for model "broken": a bad update is visible in what the node does.
        await using var server = await StartFakeAsync(port, new FaultPlan { ServerErrorProbability = 1, Models = ["broken"] });
        var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
        try
        {
            var url = node.AdminUri.ToString();
            Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(node, "remote", port)).StatusCode);
            var chain = await EcoCommand.RunAsync("providers", "chain", "set", "remote", "local", "--url", url, "--token", node.AdminToken);
            Assert.True(chain.Exit == 0, chain.Err);
            Assert.Contains("remote → local", chain.Out);
            await WaitForStateAsync(node, "remote", "in_use");

            var update = await EcoCommand.RunAsync("providers", "update", "remote", "--model", "broken", "--url", url, "--token", node.AdminToken);
            Assert.True(update.Exit == 0, update.Err);
            await WaitForEffectiveChainAsync(node, "remote", "local");
            var broken = await RunJobAsync(node);
            Assert.Contains(broken, e => e.Type == "llm.fallback");
            Assert.True(server.Stats.Requests(FaultKind.ServerError) > 0);

            var rollback = await EcoCommand.RunAsync("providers", "rollback", "remote", "--to", "1", "--url", url, "--token", node.AdminToken);
            Assert.True(rollback.Exit == 0, rollback.Err);
            Assert.Contains("remote  v3", rollback.Out);
            await WaitForEffectiveChainAsync(node, "remote", "local");
            var errorsBefore = server.Stats.Requests(FaultKind.ServerError);
            var restored = await RunJobAsync(node);
            Assert.DoesNotContain(restored, e => e.Type == "llm.fallback");
            Assert.True(CallsOf(server, restored) > 0);
            Assert.Equal(errorsBefore, server.Stats.Requests(FaultKind.ServerError));

            var history = await EcoCommand.RunAsync("providers", "history", "remote", "--json", "--url", url, "--token", node.AdminToken);
            Assert.True(history.Exit == 0, history.Err);
            var versions = JsonDocument.Parse(history.Out).RootElement.GetProperty("versions").EnumerateArray().ToList();
            Assert.Equal(["fake", "broken", "fake"], versions.Select(v => v.GetProperty("settings").GetProperty("model").GetString()));
            Assert.Equal(["registered", "updated", "rolled back to version 1"], versions.Select(v => v.GetProperty("reason").GetString()));
            var table = await EcoCommand.RunAsync("providers", "history", "remote", "--url", url, "--token", node.AdminToken);
            Assert.Contains("model: \"fake\" → \"broken\"", table.Out);

            await node.DisposeAsync();
            node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
            var again = await ShowAsync(node, "remote");
            Assert.Equal(3, again.GetProperty("provider").GetProperty("version").GetInt32());
            Assert.Equal("fake", again.GetProperty("settings").GetProperty("model").GetString());
            Assert.Equal(["remote", "local"], (await ChainAsync(node)).GetProperty("chain").EnumerateArray().Select(n => n.GetString()));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_retired_provider_is_refused_in_a_chain_and_one_in_the_chain_cannot_be_retired()
    {
        var port = NodeProcess.FreePort();
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
        await RegisterAsync(node, "old", port);
        await SetChainAsync(node, "old", "local");
        var url = node.AdminUri.ToString();

        var inChain = await EcoCommand.RunAsync("providers", "retire", "old", "--url", url, "--token", node.AdminToken);
        Assert.Equal(2, inChain.Exit);
        Assert.Contains("(409)", inChain.Err);
        Assert.Contains("fallback chain", inChain.Err);

        await SetChainAsync(node, "local");
        var retired = await EcoCommand.RunAsync("providers", "retire", "old", "--reason", "replaced", "--url", url, "--token", node.AdminToken);
        Assert.True(retired.Exit == 0, retired.Err);
        Assert.Contains("retired since", retired.Out);
        Assert.Contains("(replaced)", retired.Out);
        var refused = await SetChainAsync(node, "old", "local");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("'old' is retired and cannot be in a chain", await refused.Content.ReadAsStringAsync());
        Assert.Equal(["local"], (await ChainAsync(node)).GetProperty("chain").EnumerateArray().Select(n => n.GetString()));
        var list = await EcoCommand.RunAsync("providers", "list", "--url", url, "--token", node.AdminToken);
        Assert.Matches(@"old\s+openai\s+fake\s+v1\s+retired", list.Out); // kept for its history
    }

    [Fact]
    public async Task Keys_are_resolved_on_the_node_from_their_reference_and_never_reach_the_registry_or_its_journal()
    {
        const string secret = "sk-eco-registry-test-7f3a";
        var port = NodeProcess.FreePort();
        await using var server = await StartFakeAsync(port, apiKey: secret);
        Environment.SetEnvironmentVariable("ECO_TEST_REGISTRY_KEY", secret);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());

        var clear = await node.Admin.PostAsync("admin/providers", new StringContent(
            $$"""{"name":"leaky","kind":"openai","base_url":"http://127.0.0.1:{{port}}/v1","model":"fake","api_key":"{{secret}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, clear.StatusCode);
        Assert.DoesNotContain(secret, await clear.Content.ReadAsStringAsync());

        await RegisterAsync(node, "keyed", port, more: new { api_key_ref = "env:ECO_TEST_REGISTRY_KEY" });
        await RegisterAsync(node, "keyless", port, more: new { ready_timeout = "00:00:01" });
        await WaitForStateAsync(node, "keyed", "active");
        await WaitForStateAsync(node, "keyless", "error");
        Assert.Contains("HTTP 401", (await ShowAsync(node, "keyless")).GetProperty("provider").GetProperty("state_reason").GetString());

        await SetChainAsync(node, "keyed", "local");
        await WaitForEffectiveChainAsync(node, "keyed", "local");
        Assert.True(CallsOf(server, await RunJobAsync(node)) > 0, "the key from the environment reached the provider");

        var journal = node.Services.GetRequiredService<IJournal>();
        var events = await journal.ReadAsync(PersistenceStreams.ToStream(ProviderRegistryActor.StreamId), 0, 10_000, default);
        Assert.NotEmpty(events);
        Assert.DoesNotContain(events, e => (e.DataJson ?? "").Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, await node.Admin.GetStringAsync("admin/providers/keyed/history"));
    }

    [Fact]
    public async Task A_server_without_a_models_list_is_probed_with_a_one_token_completion()
    {
        var port = NodeProcess.FreePort();
        await using var server = await StartFakeAsync(port, noModelsList: true);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
        await RegisterAsync(node, "gateway", port);
        await WaitForStateAsync(node, "gateway", "active");
        Assert.True(server.Stats.TotalCompletedCalls > 0, "the probe completed a chat call");

        await server.DisposeAsync(); // and a dead one still fails its probe
        await WaitForStateAsync(node, "gateway", "error");
    }

    [Fact]
    public async Task A_provider_still_loading_becomes_active_once_it_answers()
    {
        var port = NodeProcess.FreePort();
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FastProbes());
        await RegisterAsync(node, "loading", port, more: new { ready_timeout = "00:01:00" });
        Assert.Equal("registered", State(await ShowAsync(node, "loading")));
        await using var server = await StartFakeAsync(port); // the model finished loading
        await WaitForStateAsync(node, "loading", "active");
        Assert.Equal("probe passed: ready", (await ShowAsync(node, "loading")).GetProperty("provider").GetProperty("state_reason").GetString());
    }
}
