using System.Diagnostics;
using System.Net;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Tests.Support;
using Xunit.Abstractions;
using static Eco.Tests.Integration.Providers.RegistryClient;

namespace Eco.Tests.MultiNode;

/// <summary>The provider registry in a cluster: one registry (a singleton), every node following it.</summary>
[Trait("Category", "MultiNode")]
public sealed class ProviderRegistryClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_chain_change_made_on_one_node_reaches_every_node_within_a_second_and_the_next_job_on_another_node_uses_it()
    {
        var port = NodeProcess.FreePort();
        await using var server = await FakeLlmServer.StartAsync(new FakeLlmOptions { Port = port, MinLatency = TimeSpan.FromMilliseconds(5), MaxLatency = TimeSpan.FromMilliseconds(5) },
            DomainFakeBrain.Create());
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a", extra: FastProbes());
        var b = await cluster.StartNodeAsync("node-b", extra: FastProbes());
        await cluster.WaitForMembersAsync(2);

        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(a, "remote", port)).StatusCode);
        await WaitForStateAsync(b, "remote", "active"); // b asks the one registry, wherever it runs
        await WaitForEffectiveChainAsync(b, "local");

        var set = await SetChainAsync(a, "remote", "local");
        var elapsed = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var revision = System.Text.Json.JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("revision").GetInt64();
        while ((await ChainAsync(b)).GetProperty("node_revision").GetInt64() < revision)
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(5), "node-b never followed the chain change");
        }
        output.WriteLine($"chain change made on node-a followed by node-b after {elapsed.Elapsed.TotalMilliseconds:0.0} ms (HTTP reads included)");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(1), $"node-b followed the chain change after {elapsed.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(["remote", "local"], (await ChainAsync(b)).GetProperty("effective").EnumerateArray().Select(n => n.GetString()));

        // The next job that node-b runs (its shard's owner) calls the provider the chain named on node-a.
        string? ranOnB = null;
        for (var i = 0; i < 20 && ranOnB is null; i++)
        {
            var job = await b.SubmitChatAsync("우유팩 분리배출 방법");
            await b.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
            ranOnB = cluster.OwnerOf(job) == b ? job : null;
        }
        Assert.NotNull(ranOnB);
        Assert.Contains(server.Stats.CompletedByUser, kv => kv.Key.StartsWith(ranOnB + ":", StringComparison.Ordinal));

        // A node that joins later gets the current state from the registry, not its configuration's.
        var c = await cluster.StartNodeAsync("node-c", extra: FastProbes());
        await WaitForEffectiveChainAsync(c, "remote", "local");
    }
}
