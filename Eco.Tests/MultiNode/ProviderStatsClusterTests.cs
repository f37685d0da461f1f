using System.Text.Json;
using Eco.Actors.Journal;
using Eco.FakeLlm;
using Eco.Host.Usage;
using Eco.Tests.Integration.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.MultiNode;

/// <summary>Two nodes call the same provider; each journals its own counts to the shared stream, and either node answers with the
/// merged figures, which agree with what the provider saw.</summary>
[Trait("Category", "MultiNode")]
public sealed class ProviderStatsClusterTests
{
    [Fact]
    public async Task GetProviderStats_JobsOnTwoNodes_EitherNodeAnswersTheSameMergedFigures()
    {
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5));
        server.SetFaults(FaultPlan.FromScript("429,500,429,500", "remote-model") with { RetryAfter = TimeSpan.FromMilliseconds(10) });
        var settings = FakeProvider.Chain(server, "remote-model");
        settings["Eco:Llm:Chain:1"] = "local";
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        settings["Eco:Llm:Usage:FlushInterval"] = "00:00:00.200";
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a", extra: settings);
        var b = await cluster.StartNodeAsync("node-b", extra: settings);
        await cluster.WaitForMembersAsync(2);

        var jobs = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? a : b).SubmitChatAsync("우유팩 버리는 법")));
        var fallbacks = 0;
        foreach (var job in jobs)
        {
            Assert.Equal("completed", (await a.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
            fallbacks += (await a.GetEventsAsync(job)).Count(e => e.Type == "llm.fallback");
        }

        string? merged = null;
        await ClusterHarness.WaitUntilAsync(async () =>
        {
            var stats = JsonDocument.Parse(await a.Admin.GetStringAsync("admin/providers/stats")).RootElement.GetProperty("providers");
            merged = stats.GetRawText();
            var rows = stats.EnumerateArray().ToDictionary(r => r.GetProperty("provider").GetString()!);
            return rows.TryGetValue("p0", out var p0) && p0.GetProperty("calls").GetInt64() == server.Stats.TotalRequests
                && (fallbacks == 0 || rows.TryGetValue("local", out var local) && local.GetProperty("calls").GetInt64() == fallbacks);
        }, TimeSpan.FromSeconds(20), "both nodes' counts journaled");

        var remote = JsonDocument.Parse(merged!).RootElement.EnumerateArray().Single(r => r.GetProperty("provider").GetString() == "p0");
        Assert.Equal(server.Stats.Requests(FaultKind.RateLimited), remote.GetProperty("failures").GetProperty("rate_limited").GetInt64());
        Assert.Equal(server.Stats.Requests(FaultKind.ServerError), remote.GetProperty("failures").GetProperty("server_error").GetInt64());
        Assert.Equal(server.Stats.Requests(FaultKind.Ok), remote.GetProperty("ok").GetInt64());
        Assert.Equal(fallbacks, remote.GetProperty("fallbacks").GetInt64());
        var fromB = JsonDocument.Parse(await b.Admin.GetStringAsync("admin/providers/stats")).RootElement.GetProperty("providers").GetRawText();
        Assert.Equal(merged, fromB);

        // Each node wrote its own flushes to the one shared stream.
        var journal = a.Services.GetRequiredService<IJournal>();
        var writers = new HashSet<string>();
        await foreach (var entry in journal.ReadAllAsync(ProviderUsageStream.Id, 0, 500, CancellationToken.None))
        {
            writers.Add(JsonSerializer.Deserialize<ProviderUsageRecorded>(entry.DataJson!)!.Node);
        }
        Assert.Equal(["node-a", "node-b"], writers.Order());
    }
}
