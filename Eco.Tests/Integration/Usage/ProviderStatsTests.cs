using System.Text.Json;
using Eco.FakeLlm;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Usage;

/// <summary>Real chat jobs on a node whose first provider fails some calls: the statistics agree with what the fake provider saw and
/// what the jobs journaled, and they are still there after the node restarts on its data.</summary>
[Trait("Category", "Integration")]
public sealed class ProviderStatsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = FakeProvider.Chain(_server, "remote-model");
        settings["Eco:Llm:Chain:1"] = "local";
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        settings["Eco:Llm:Usage:FlushInterval"] = "00:00:00.200";
        return settings;
    }

    [Fact]
    public async Task GetProviderStats_AfterJobsWithFaults_AgreesWithTheProviderAndTheJournalAndSurvivesARestart()
    {
        // The first call's two attempts fail (429, then 500): it falls back to the local model. Every later attempt answers.
        _server.SetFaults(FaultPlan.FromScript("429,500", "remote-model") with { RetryAfter = TimeSpan.FromMilliseconds(10) });
        JsonElement before;
        await using (var node = await TestNode.StartAsync(_dir.Path, settings: Settings()))
        {
            var fallbacks = 0;
            foreach (var message in new[] { "페트병 어떻게 버려?", "우유팩 버리는 법", "건전지는?" })
            {
                var job = await node.SubmitChatAsync(message);
                Assert.Equal("completed", (await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
                fallbacks += (await node.GetEventsAsync(job)).Count(e => e.Type == "llm.fallback");
            }
            Assert.True(fallbacks >= 1, "the scripted faults made no call fall back");

            // Journaled every 200 ms: wait (bounded) until the node has flushed every attempt the provider saw.
            before = await WaitForStatsAsync(node, s => Row(s, "p0").GetProperty("calls").GetInt64() == _server.Stats.TotalRequests
                && Row(s, "local").GetProperty("calls").GetInt64() == fallbacks);
            var remote = Row(before, "p0");
            Assert.Equal("remote-model", remote.GetProperty("model").GetString());
            Assert.Equal(_server.Stats.Requests(FaultKind.RateLimited), Failures(remote, "rate_limited"));
            Assert.Equal(_server.Stats.Requests(FaultKind.ServerError), Failures(remote, "server_error"));
            Assert.Equal(_server.Stats.Requests(FaultKind.Ok), remote.GetProperty("ok").GetInt64());
            Assert.Equal(fallbacks, remote.GetProperty("fallbacks").GetInt64());
            Assert.Equal(fallbacks, remote.GetProperty("fallbacks_to").GetProperty("local").GetInt64());
            Assert.True(remote.GetProperty("tokens_in").GetInt64() > 0 && remote.GetProperty("tokens_out").GetInt64() > 0);
            Assert.True(remote.GetProperty("latency_p50_ms").GetDouble() <= remote.GetProperty("latency_p95_ms").GetDouble());
            var local = Row(before, "local");
            Assert.Equal(fallbacks, local.GetProperty("ok").GetInt64()); // the local model took exactly the calls that fell back
            Assert.Equal(0, local.GetProperty("fallbacks").GetInt64());
        }

        await using (var restarted = await TestNode.StartAsync(_dir.Path, settings: Settings()))
        {
            var after = JsonDocument.Parse(await restarted.Admin.GetStringAsync("admin/providers/stats?since=1h")).RootElement;
            Assert.Equal(before.GetProperty("providers").GetRawText(), after.GetProperty("providers").GetRawText());

            var (exit, output, error) = await EcoCommand.RunAsync("providers", "stats", "--since", "2h", "--url", restarted.AdminUri.ToString(), "--token", restarted.AdminToken);
            Assert.True(exit == 0, error);
            Assert.Contains("PROVIDER", output);
            Assert.Contains("remote-model", output);
            Assert.Contains("FALLBACKS", output);
        }
    }

    [Fact]
    public async Task StopAsync_CountsNotYetFlushed_AreJournaledOnTheWayDown()
    {
        var settings = new Dictionary<string, string?> { ["Eco:Llm:Usage:FlushInterval"] = "00:10:00" }; // only the stop flushes
        await using (var node = await TestNode.StartAsync(_dir.Path, settings: settings))
        {
            var job = await node.SubmitChatAsync("페트병 어떻게 버려?");
            Assert.Equal("completed", (await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
            var unflushed = JsonDocument.Parse(await node.Admin.GetStringAsync("admin/providers/stats")).RootElement;
            Assert.Equal(0, unflushed.GetProperty("providers").GetArrayLength());
        }
        await using var restarted = await TestNode.StartAsync(_dir.Path, settings: settings);
        var stats = JsonDocument.Parse(await restarted.Admin.GetStringAsync("admin/providers/stats")).RootElement;
        var local = Row(stats, "local");
        Assert.True(local.GetProperty("calls").GetInt64() >= 1, stats.GetRawText());
        Assert.Equal(local.GetProperty("calls").GetInt64(), local.GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task GetProviderStats_BadSince_Is400WithTheFormsAccepted()
    {
        await using var node = await TestNode.StartAsync(_dir.Path);
        using var response = await node.Admin.GetAsync("admin/providers/stats?since=1week");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("such as 30m, 1h or 2d", await response.Content.ReadAsStringAsync());

        var (exit, _, error) = await EcoCommand.RunAsync("providers", "stats", "--since", "soon", "--url", node.AdminUri.ToString(), "--token", node.AdminToken);
        Assert.Equal(2, exit);
        Assert.Contains("such as 30m, 1h or 2d", error);
    }

    private static JsonElement Row(JsonElement stats, string provider) =>
        stats.GetProperty("providers").EnumerateArray().FirstOrDefault(r => r.GetProperty("provider").GetString() == provider) is { ValueKind: JsonValueKind.Object } row
            ? row
            : JsonDocument.Parse("""{"calls":-1}""").RootElement;

    private static long Failures(JsonElement row, string kind) => row.GetProperty("failures").GetProperty(kind).GetInt64();

    private static async Task<JsonElement> WaitForStatsAsync(TestNode node, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var stats = JsonDocument.Parse(await node.Admin.GetStringAsync("admin/providers/stats", deadline.Token)).RootElement;
            if (done(stats))
            {
                return stats;
            }
            await Task.Delay(50, deadline.Token);
        }
    }
}
