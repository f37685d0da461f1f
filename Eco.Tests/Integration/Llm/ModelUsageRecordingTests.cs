using Eco.FakeLlm;
using Eco.Streams.Llm;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Resilience;
using Eco.Streams.Usage;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Llm;

/// <summary>Each attempt a provider makes is reported once, with the outcome the fake server gave it.</summary>
[Trait("Category", "Integration")]
public sealed class ModelUsageRecordingTests : IAsyncLifetime
{
    private readonly RecordingModelUsage _usage = new();
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ResilientChatModel Provider(string name, string model, int retries, TimeSpan? attemptTimeout = null) =>
        new(new OpenAiChatModel(name, new OpenAiProviderOptions { BaseUrl = _server.BaseUri.ToString(), Model = model, ApiKey = "k", NetworkTimeout = TimeSpan.FromSeconds(5) }),
            new ProviderLimitsOptions { MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(1), AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5) },
            TimeProvider.System, TestLanes.Materializer, _usage);

    private static ModelRequest Classify(string key)
    {
        var task = new ClassifyIntentTask("페트병 어떻게 버려?", []);
        return new ModelRequest(Prompts.ClassifyIntent(task), task, Prompts.IntentSchema, MaxOutputTokens: 300, key);
    }

    private static ModelRequest Answer(string key) =>
        new([ChatTurn.User("페트병 어떻게 버려?")], new SummarizeTask(null, []), Schema: null, MaxOutputTokens: 100, key);

    private void Script(string script) =>
        _server.SetFaults(FaultPlan.FromScript(script, "remote-model") with { RetryAfter = TimeSpan.FromMilliseconds(10) });

    [Fact]
    public async Task CompleteAsync_429Then500ThenOk_ReportsEachAttemptWithTheProvidersTokenCounts()
    {
        await using var remote = Provider("remote", "remote-model", retries: 2);
        Script("429,500,ok");
        await remote.CompleteAsync(Classify("u1:classify"), default);
        Assert.Equal([ModelOutcome.RateLimited, ModelOutcome.ServerError, ModelOutcome.Ok], _usage.Attempts.Select(a => a.Outcome));
        Assert.All(_usage.Attempts, a => Assert.Equal(("remote", "remote-model"), (a.Provider, a.Model)));
        var ok = _usage.Attempts[^1];
        Assert.True(ok.Latency > TimeSpan.Zero);
        Assert.True(ok.TokensIn > 0 && ok.TokensOut > 0, $"tokens {ok.TokensIn}/{ok.TokensOut}");
        Assert.Equal((0, 0), (_usage.Attempts[0].TokensIn, _usage.Attempts[0].TokensOut)); // a refused attempt used none
        Assert.Equal(3, _server.Stats.TotalRequests);
    }

    [Fact]
    public async Task StreamAsync_BrokenAfterStart_IsABrokenStreamAndAFullStreamIsOkTimedToItsLastPiece()
    {
        await using var remote = Provider("remote", "remote-model", retries: 0);
        Script("broken,ok");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in remote.StreamAsync(Answer("u2:answer"), default))
            {
            }
        });
        var text = "";
        await foreach (var piece in remote.StreamAsync(Answer("u3:answer"), default))
        {
            text += piece;
        }
        Assert.Equal([ModelOutcome.BrokenStream, ModelOutcome.Ok], _usage.Attempts.Select(a => a.Outcome));
        Assert.NotEmpty(text);
        Assert.True(_usage.Attempts[1].Latency > TimeSpan.Zero);
        Assert.True(_usage.Attempts[0].TokensOut > 0); // the pieces before the break were received (estimated: no usage came)
    }

    [Fact]
    public async Task StreamAsync_ProviderReportsUsage_ItsCountsAreTheTokens()
    {
        await using var remote = Provider("remote", "remote-model", retries: 0);
        await foreach (var _ in remote.StreamAsync(Answer("u7:answer"), default))
        {
        }
        var attempt = Assert.Single(_usage.Attempts);
        Assert.Equal(ModelOutcome.Ok, attempt.Outcome);
        Assert.Equal(_server.Stats.TokensSent, attempt.TokensOut); // the fake counts one token per chunk, as its usage reports
    }

    [Theory]
    [InlineData("empty", ModelOutcome.BrokenStream)]
    [InlineData("500", ModelOutcome.ServerError)]
    public async Task StreamAsync_FailingBeforeText_IsReportedAndTheFallbackCounted(string fault, ModelOutcome outcome)
    {
        await using var remote = Provider("remote", "remote-model", retries: 0);
        await using var next = Provider("next", "next-model", retries: 0);
        Script(fault);
        await foreach (var _ in new FallbackChatModel([remote, next], _usage).StreamAsync(Answer("u4:answer"), default))
        {
        }
        Assert.Equal([(remote.Provider, outcome), (next.Provider, ModelOutcome.Ok)], _usage.Attempts.Select(a => (a.Provider, a.Outcome)));
        Assert.Equal(new ModelFallback("remote", "remote-model", "next"), Assert.Single(_usage.Fallbacks));
    }

    [Fact]
    public async Task CompleteAsync_ProseWhereJsonWasAsked_IsABadReply()
    {
        await using var remote = Provider("remote", "remote-model", retries: 0);
        Script("prose");
        await Assert.ThrowsAsync<ModelReplyException>(() => remote.CompleteAsync(Classify("u5:classify"), default));
        var attempt = Assert.Single(_usage.Attempts);
        Assert.Equal(ModelOutcome.BadReply, attempt.Outcome);
        Assert.True(attempt.TokensOut > 0); // the provider answered, just not what was asked
    }

    [Fact]
    public async Task CompleteAsync_NoAnswerWithinTheAttemptTimeout_IsATimeout()
    {
        await using var remote = Provider("remote", "remote-model", retries: 0, attemptTimeout: TimeSpan.FromMilliseconds(300));
        Script("timeout");
        await Assert.ThrowsAnyAsync<Exception>(() => remote.CompleteAsync(Classify("u6:classify"), default));
        Assert.Equal(ModelOutcome.Timeout, Assert.Single(_usage.Attempts).Outcome);
    }
}
