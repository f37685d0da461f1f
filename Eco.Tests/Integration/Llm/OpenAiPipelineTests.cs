using Eco.FakeLlm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Llm;

/// <summary>Chat and scan jobs through the real OpenAI SDK against the fake server: the happy path, 429 storms, a dead provider.</summary>
[Trait("Category", "Integration")]
public sealed class OpenAiPipelineTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(20), tokensPerSecond: 500);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Chat_MultiIntentThroughOpenAiSdk_FansOutAndCallsEachModelStepOnce()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(_server, "fake-gpt"));
        var jobId = await node.SubmitChatAsync("이 페트병 어떻게 분리해? 근처 수거함도 알려줘");
        var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var events = await node.GetEventsAsync(jobId);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());

        var started = events.Where(e => e.Type == "stage.started").Select(e => e.Stage).ToList();
        Assert.Contains("agent.waste", started);
        Assert.Contains("agent.collection_point", started);
        Assert.Contains(events, e => e.Type == "needs_input"); // a bin nearby needs the user's location
        Assert.Contains("페트", state.GetProperty("answer").GetString());
        Assert.Equal(1, _server.Stats.CompletedCalls($"{jobId}:classify"));
        Assert.Equal(1, _server.Stats.CompletedCalls($"{jobId}:answer"));
    }

    [Fact]
    public async Task Chat_SameQuestion_OpenAiPathGivesTheOfflineAnswer()
    {
        const string question = "깨진 유리컵은 어디에 버려요?";
        string offline;
        await using (var local = await TestNode.StartAsync(Path.Combine(_dir.Path, "local")))
        {
            offline = (await local.WaitForEndAsync(await local.SubmitChatAsync(question), TimeSpan.FromSeconds(30))).GetProperty("answer").GetString()!;
        }
        await using var remote = await TestNode.StartAsync(Path.Combine(_dir.Path, "remote"), settings: FakeProvider.Chain(_server, "fake-gpt"));
        var answer = (await remote.WaitForEndAsync(await remote.SubmitChatAsync(question), TimeSpan.FromSeconds(60))).GetProperty("answer").GetString();
        Assert.Equal(offline, answer);
    }

    [Fact]
    public async Task RateLimitStorm_IsAbsorbedByRetriesHonouringRetryAfter_AndEveryJobCompletes()
    {
        _server.SetFaults(new FaultPlan { RateLimitProbability = 0.5, Seed = 7, RetryAfter = TimeSpan.FromMilliseconds(30) });
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(_server, "fake-gpt"));
        var jobs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => node.SubmitChatAsync(i % 2 == 0 ? "우유팩 버리는 법" : "다 쓴 건전지")));
        var retries = 0;
        foreach (var jobId in jobs)
        {
            var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(90));
            Assert.Equal("completed", state.GetProperty("status").GetString());
            retries += (await node.GetEventsAsync(jobId)).Count(e => e.Type == "llm.retry");
        }
        Assert.True(_server.Stats.Requests(FaultKind.RateLimited) > 0, "the storm produced no 429");
        Assert.True(retries > 0, "no retry was journaled");
        Assert.All(jobs, jobId => Assert.Equal(1, _server.Stats.CompletedCalls($"{jobId}:answer")));
    }

    [Fact]
    public async Task ConcurrencyBudget_CallsWaitForPermitsAndTheWaitIsJournaled()
    {
        var settings = FakeProvider.Chain(_server, "fake-gpt");
        settings["Eco:Llm:Providers:p0:Limits:MaxConcurrency"] = "1";
        await using var node = await TestNode.StartAsync(_dir.Path, settings: settings);
        var jobs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => node.SubmitChatAsync("유리병 버리는 법")));
        var waits = 0;
        foreach (var jobId in jobs)
        {
            Assert.Equal("completed", (await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
            waits += (await node.GetEventsAsync(jobId)).Count(e => e.Type == "llm.waiting");
        }
        Assert.Equal(1, _server.Stats.MaxInFlight);
        Assert.True(waits > 0, "no job reported waiting for a permit");
    }

    [Fact]
    public async Task DeadProvider_FailsOverToTheNextInTheChain()
    {
        _server.SetFaults(new FaultPlan { ServerErrorProbability = 1.0, Models = ["dead-model"] });
        var settings = FakeProvider.Chain(_server, "dead-model", "live-model");
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        await using var node = await TestNode.StartAsync(_dir.Path, settings: settings);
        var jobId = await node.SubmitChatAsync("형광등 버리는 법");
        var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var events = await node.GetEventsAsync(jobId);
        Assert.Contains(events, e => e.Type == "llm.fallback" && e.Raw.Contains("p1"));
        Assert.True(_server.Stats.Requests(FaultKind.ServerError) >= 2);
    }

    [Fact]
    public async Task Scan_ThroughOpenAiSdk_ClassifiesFromFileNameAndGrantsTheRewardOnce()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(_server, "fake-gpt"));
        using var response = await node.Http.PostAsync("v1/jobs", new StringContent(
            """{"kind":"scan","image_url":"https://img.example/uploads/pet_bottle.jpg"}""", System.Text.Encoding.UTF8, "application/json"));
        var jobId = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var events = await node.GetEventsAsync(jobId);
        Assert.Equal(["vision", "rule", "answer", "reward"], events.Where(e => e.Type == "stage.completed").Select(e => e.Stage));
        var reward = Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "reward");
        Assert.Contains("\"eligible\":true", reward.Raw);
        Assert.Equal(1, _server.Stats.CompletedCalls($"{jobId}:vision"));
    }
}
