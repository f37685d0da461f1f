using Eco.FakeLlm;
using Eco.Streams.Llm;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Resilience;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Llm;

/// <summary>
/// Providers that answer, but not with what was asked — found by running against OpenAI-compatible servers we did not write: a
/// stream without text, an error object in a 200 stream, prose or fenced JSON where JSON was asked, JSON of another shape.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MisbehavingProviderTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private ResilientChatModel Provider(string name, string model, int retries = 1) =>
        new(new OpenAiChatModel(name, new OpenAiProviderOptions { BaseUrl = _server.BaseUri.ToString(), Model = model, ApiKey = "k", NetworkTimeout = TimeSpan.FromSeconds(5) }),
            new ProviderLimitsOptions { MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, TestLanes.Materializer);

    private static ModelRequest Classify(string key, List<ModelNotice> notices)
    {
        var task = new ClassifyIntentTask("페트병 어떻게 버려?", []);
        return new ModelRequest(Prompts.ClassifyIntent(task), task, Prompts.IntentSchema, MaxOutputTokens: 300, key)
        {
            Observer = n => { notices.Add(n); return ValueTask.CompletedTask; },
        };
    }

    private static ModelRequest Answer(string key, List<ModelNotice> notices) =>
        new([ChatTurn.User("페트병 어떻게 버려?")], new SummarizeTask(null, []), Schema: null, MaxOutputTokens: 100, key)
        {
            Observer = n => { notices.Add(n); return ValueTask.CompletedTask; },
        };

    [Theory]
    [InlineData("empty")]
    [InlineData("error-stream")]
    public async Task A_stream_that_ends_without_text_is_a_failed_attempt_retried_then_handed_to_the_next_provider(string fault)
    {
        await using var remote = Provider("remote", "remote-model");
        await using var next = Provider("next", "next-model");
        _server.SetFaults(FaultPlan.FromScript($"{fault},{fault}", "remote-model"));
        var notices = new List<ModelNotice>();
        var text = "";
        await foreach (var piece in new FallbackChatModel([remote, next]).StreamAsync(Answer("j1:answer", notices), default))
        {
            text += piece;
        }
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains(notices, n => n.Kind == "retry" && n.Provider == "remote" && n.Detail.Contains("stream ended before any text"));
        Assert.Contains(notices, n => n.Kind == "fallback" && n.Provider == "next");
    }

    [Fact]
    public async Task A_provider_that_only_answers_empty_streams_fails_the_call_never_answers_it_empty()
    {
        await using var remote = Provider("remote", "remote-model");
        _server.SetFaults(FaultPlan.FromScript("empty,empty", "remote-model"));
        var failure = await Assert.ThrowsAsync<ModelReplyException>(async () =>
        {
            await foreach (var _ in remote.StreamAsync(Answer("j2:answer", []), default))
            {
            }
        });
        Assert.Equal("remote", failure.Provider);
    }

    [Fact]
    public async Task Fenced_JSON_is_extracted()
    {
        await using var remote = Provider("remote", "remote-model", retries: 0);
        _server.SetFaults(FaultPlan.FromScript("fenced", "remote-model"));
        var reply = await remote.CompleteAsync(Classify("j3:classify", []), default);
        Assert.StartsWith("{", reply.Text);
        Assert.Contains("\"intent\"", reply.Text);
    }

    [Theory]
    [InlineData("prose", "not the requested JSON")]
    [InlineData("mismatch", "missing 'intent'")]
    [InlineData("empty", "empty reply")]
    public async Task A_structured_reply_that_is_not_the_requested_JSON_counts_against_the_provider_and_the_chain_moves_on(string fault, string reason)
    {
        await using var remote = Provider("remote", "remote-model");
        await using var next = Provider("next", "next-model");
        _server.SetFaults(FaultPlan.FromScript($"{fault},{fault}", "remote-model"));
        var notices = new List<ModelNotice>();
        var reply = await new FallbackChatModel([remote, next]).CompleteAsync(Classify("j4:classify", notices), default);
        Assert.Equal("next", reply.Provider);
        Assert.Contains("\"intent\"", reply.Text);
        var fellBack = Assert.Single(notices, n => n.Kind == "fallback");
        Assert.Contains(reason, fellBack.Detail);
        Assert.Contains(notices, n => n.Kind == "retry" && n.Provider == "remote"); // retried on the same provider first
    }

    [Fact]
    public async Task A_job_whose_answer_fell_back_names_the_provider_that_produced_it()
    {
        var settings = FakeProvider.Chain(_server, "remote-model", "next-model");
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        _server.SetFaults(new FaultPlan { ServerErrorProbability = 1.0, Models = ["remote-model"] });
        await using var node = await TestNode.StartAsync(_dir.Path, settings: settings);
        var job = await node.SubmitChatAsync("우유팩 버리는 법");
        var end = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", end.GetProperty("status").GetString());
        var events = await node.GetEventsAsync(job);
        var answer = events.Single(e => e.Type == "stage.completed" && e.Stage == "answer");
        Assert.Contains("\"provider\":\"p1\"", answer.Raw.Replace(" ", ""));
        var classify = events.Single(e => e.Type == "stage.completed" && e.Stage == "classify");
        Assert.Contains("\"provider\":\"p1\"", classify.Raw.Replace(" ", ""));
    }
}
