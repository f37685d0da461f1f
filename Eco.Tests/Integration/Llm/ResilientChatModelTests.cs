using Eco.FakeLlm;
using Eco.Streams.Llm;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Resilience;
using Polly.CircuitBreaker;

using Eco.Tests.Support;

namespace Eco.Tests.Integration.Llm;

[Trait("Category", "Integration")]
public sealed class ResilientChatModelTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ResilientChatModel Model(ProviderLimitsOptions limits) =>
        new(new OpenAiChatModel("fake", new OpenAiProviderOptions { BaseUrl = _server.BaseUri.ToString(), Model = "m", ApiKey = "k", NetworkTimeout = TimeSpan.FromSeconds(5) }),
            limits, TimeProvider.System, TestLanes.Materializer);

    private static ModelRequest Request(string key) =>
        new([ChatTurn.User("안녕")], new SummarizeTask(null, []), Schema: null, MaxOutputTokens: 50, key);

    [Fact]
    public async Task Breaker_AfterThresholdFailures_OpensFailsFastThenHalfOpensAndCloses()
    {
        await using var model = Model(new ProviderLimitsOptions
        {
            MaxRetries = 0,
            BreakerThreshold = 2,
            BreakerSampling = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromMilliseconds(500),
        });
        _server.SetFaults(new FaultPlan { ServerErrorProbability = 1.0 });
        await Assert.ThrowsAnyAsync<Exception>(() => model.CompleteAsync(Request("a"), default));
        await Assert.ThrowsAnyAsync<Exception>(() => model.CompleteAsync(Request("b"), default));
        Assert.Equal(CircuitState.Open, model.BreakerState);

        var requestsWhenOpened = _server.Stats.TotalRequests;
        var open = await Assert.ThrowsAsync<ProviderUnavailableException>(() => model.CompleteAsync(Request("c"), default));
        Assert.Contains("provider 'fake'", open.Message); // the provider's breaker, reported as the provider's
        Assert.Equal(requestsWhenOpened, _server.Stats.TotalRequests); // failed fast: the provider was not called

        _server.SetFaults(new FaultPlan());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ModelReply? reply = null;
        while (reply is null)
        {
            try
            {
                reply = await model.CompleteAsync(Request("d"), deadline.Token); // the trial call once the break is over
            }
            catch (ProviderUnavailableException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        Assert.False(string.IsNullOrEmpty(reply.Text));
        Assert.Equal(CircuitState.Closed, model.BreakerState);
    }

    [Fact]
    public async Task Retry_On429_WaitsAtLeastRetryAfterAndReportsEachRetry()
    {
        await using var model = Model(new ProviderLimitsOptions { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(1) });
        _server.SetFaults(FaultPlan.FromScript("429,429,ok") with { RetryAfter = TimeSpan.FromMilliseconds(300) });
        var notices = new List<ModelNotice>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var reply = await model.CompleteAsync(Request("job1:answer") with { Observer = n => { notices.Add(n); return ValueTask.CompletedTask; } }, default);
        Assert.False(string.IsNullOrEmpty(reply.Text));
        Assert.Equal(2, notices.Count(n => n.Kind == "retry"));
        Assert.All(notices, n => Assert.True(n.Delay >= TimeSpan.FromMilliseconds(300), $"retry delay {n.Delay} ignored Retry-After"));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(600));
        Assert.Equal(1, _server.Stats.CompletedCalls("job1:answer"));
        Assert.Equal(3, _server.Stats.TotalRequests);
    }

    [Fact]
    public async Task Limiter_WithConcurrencyOne_RunsCallsOneAtATime()
    {
        await using var model = Model(new ProviderLimitsOptions { MaxConcurrency = 1 });
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => model.CompleteAsync(Request($"k{i}"), default)));
        Assert.Equal(1, _server.Stats.MaxInFlight);
        Assert.Equal(6, _server.Stats.TotalCompletedCalls);
    }

    [Fact]
    public async Task Stream_ProviderDeadBeforeFirstToken_FallsBackToTheNextProvider()
    {
        await using var dead = new ResilientChatModel(
            new OpenAiChatModel("dead", new OpenAiProviderOptions { BaseUrl = _server.BaseUri.ToString(), Model = "dead-model", ApiKey = "k" }),
            new ProviderLimitsOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, TestLanes.Materializer);
        await using var live = Model(new ProviderLimitsOptions());
        _server.SetFaults(new FaultPlan { ServerErrorProbability = 1.0, Models = ["dead-model"] });
        var chain = new FallbackChatModel([dead, live]);
        var notices = new List<ModelNotice>();
        var text = "";
        await foreach (var piece in chain.StreamAsync(Request("s") with { Observer = n => { notices.Add(n); return ValueTask.CompletedTask; } }, default))
        {
            text += piece;
        }
        Assert.False(string.IsNullOrEmpty(text));
        Assert.Contains(notices, n => n.Kind == "fallback" && n.Provider == "fake");
    }

    [Fact]
    public async Task LeaseLostWhileWaitingToRetry_NoFurtherAttemptLeaves_AndNoOtherProviderTakesTheCall()
    {
        await using var first = Model(new ProviderLimitsOptions { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(50) });
        await using var second = Model(new ProviderLimitsOptions());
        var chain = new FallbackChatModel([first, second]);
        _server.SetFaults(FaultPlan.FromScript("500,ok"));
        var mayCall = true;
        var notices = new List<ModelNotice>();
        var request = Request("job-l:classify") with
        {
            MayCall = () => Volatile.Read(ref mayCall),
            Observer = n =>
            {
                notices.Add(n);
                Volatile.Write(ref mayCall, false); // the node's lease lapses while the retry waits
                return ValueTask.CompletedTask;
            },
        };

        await Assert.ThrowsAsync<ModelCallRevokedException>(() => chain.CompleteAsync(request, default));
        Assert.Equal(1, _server.Stats.TotalRequests); // the failed first attempt only: not the retry, not the next provider
        Assert.Equal(["retry"], notices.Select(n => n.Kind));

        var streamed = chain.StreamAsync(Request("job-l:answer") with { MayCall = () => false }, default);
        await Assert.ThrowsAsync<ModelCallRevokedException>(async () => await streamed.GetAsyncEnumerator().MoveNextAsync());
        Assert.Equal(1, _server.Stats.TotalRequests);
    }
}
