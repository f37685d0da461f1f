using Eco.FakeLlm;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>The real <c>eco chat</c> against a node on loopback: what a user sees on stderr (progress) and stdout (the answer), and
/// the exit code.</summary>
[Trait("Category", "Integration")]
public sealed class ChatCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(new[] { "chat" }, "message")]
    [InlineData(new[] { "chat", "--location", "north", "근처 수거함" }, "--location takes LAT,LON")]
    [InlineData(new[] { "chat", "--location", "91,127", "근처 수거함" }, "--location takes LAT,LON")]
    public async Task Chat_UsageError_ExitsWith2AndSaysWhy(string[] args, string reason)
    {
        var (exit, _, error) = await EcoCommand.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(reason, error);
    }

    [Fact]
    public async Task Chat_NearbyQuestionThenLocationInTheSameConversation_ShowsNeedsInputThenAnswersWithIt()
    {
        await using var node = await TestNode.StartAsync(_dir.Path);
        var url = node.BaseUri.ToString();

        var (exit, answer, progress) = await EcoCommand.RunAsync("chat", "--url", url, "--data-dir", node.DataDir, "--conversation", "c-cli", "근처 재활용센터 알려줘");
        Assert.Equal(0, exit);
        Assert.Contains("(reply with --conversation c-cli --location LAT,LON)", progress);
        Assert.False(string.IsNullOrWhiteSpace(answer));

        (exit, var json, _) = await EcoCommand.RunAsync("chat", "--url", url, "--data-dir", node.DataDir, "--conversation", "c-cli", "--location", "37.5665,126.9780", "--json", "여기야");
        Assert.Equal(0, exit);
        var events = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(WireEvent.Parse).ToList();
        Assert.Contains("\"location\":{\"latitude\":37.5665,\"longitude\":126.978}", events[0].Raw);
        Assert.Contains("\"conversation_id\":\"c-cli\"", events[0].Raw);
        Assert.Contains(events, e => e.Type == "stage.started" && e.Stage == "agent.location");
        Assert.DoesNotContain(events, e => e.Type == "needs_input" && e.Raw.Contains("\"agent\":\"location\""));
    }

    [Fact]
    public async Task Chat_ProviderFailsThenChainFallsBack_ShowsRetryAndFallbackProgress()
    {
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(20), tokensPerSecond: 500,
            new FaultPlan { ServerErrorProbability = 1.0, Models = ["dead-model"] });
        var settings = FakeProvider.Chain(server, "dead-model", "live-model");
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        await using var node = await TestNode.StartAsync(_dir.Path, settings: settings);

        var (exit, answer, progress) = await EcoCommand.RunAsync("chat", "--url", node.BaseUri.ToString(), "--data-dir", node.DataDir, "형광등 버리는 법");

        Assert.Equal(0, exit);
        Assert.Contains("형광등", answer);
        Assert.Matches(@"↻ \S+: p0 attempt \d+ failed \(.+\); trying again in \d+ ms", progress);
        Assert.Matches(@"⇢ \S+: p0 failed \(.+\); using p1", progress);
    }

    [Fact]
    public async Task Chat_ProviderBudgetInUse_ShowsTheWait()
    {
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(400), tokensPerSecond: 500);
        var settings = FakeProvider.Chain(server, "fake-gpt");
        settings["Eco:Llm:Providers:p0:Limits:MaxConcurrency"] = "1";
        await using var node = await TestNode.StartAsync(_dir.Path, settings: settings);
        // Jobs ahead in the queue hold the provider's one permit while `eco chat` asks: their calls, one at a time, take ~10 s,
        // far longer than the command takes to start.
        var ahead = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => node.SubmitChatAsync("유리병 버리는 법")));

        var (exit, _, progress) = await EcoCommand.RunAsync("chat", "--url", node.BaseUri.ToString(), "--data-dir", node.DataDir, "우유팩 버리는 법");

        Assert.Equal(0, exit);
        Assert.Matches(@"… \S+: waited \d+ ms for p0 \(its rate or concurrency budget was in use\)", progress);
        foreach (var job in ahead)
        {
            await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
        }
    }
}
