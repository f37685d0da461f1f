using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Eco.FakeLlm;
using OpenAI;
using OpenAI.Chat;

namespace Eco.Tests.Integration.FakeLlm;

/// <summary>Drives the real OpenAI .NET SDK against <see cref="FakeLlmServer"/>: streaming, structured output, retries, faults, latency and stats.</summary>
[Trait("Category", "Integration")]
public sealed class FakeLlmServerTests
{
    private const string Model = "fake-model";
    private const string Question = "이 페트병 어떻게 버려?";

    private static readonly FakeLlmOptions Fast = new() { MinLatency = TimeSpan.FromMilliseconds(1), MaxLatency = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task CompleteChatStreaming_DefaultBrain_AssemblesBrainTextTokenByToken()
    {
        var seen = new ConcurrentQueue<FakeChatRequest>();
        var brain = FakeBrain.From(r =>
        {
            seen.Enqueue(r);
            return DefaultFakeBrain.Instance.Respond(r);
        });
        await using var server = await FakeLlmServer.StartAsync(Fast, brain);
        var client = Client(server);

        var text = new StringBuilder();
        var contentUpdates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = "job-1:answer" }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                contentUpdates++;
            }
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        var expected = DefaultFakeBrain.Sentence(Question);
        Assert.Equal(expected, text.ToString());
        Assert.Contains("페트병", expected);
        Assert.Equal(FakeTokenizer.Split(expected).Count, contentUpdates);
        Assert.True(contentUpdates > 5, $"expected many small tokens, got {contentUpdates}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        var request = Assert.Single(seen);
        Assert.True(request.Stream);
        Assert.Equal(Model, request.Model);
        Assert.Equal("job-1:answer", request.User);
        Assert.Equal(Question, request.LastUserMessage);
        if (request.IncludeUsage)
        {
            Assert.NotNull(usage);
            Assert.Equal(contentUpdates, usage.OutputTokenCount);
        }
        Assert.Equal(1, server.Stats.CompletedCalls("job-1:answer"));
        Assert.Equal(1, server.Stats.Requests(FaultKind.Ok));
    }

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsBrainTextWithUsage()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast, FakeBrain.From(r => $"echo: {r.LastUserMessage} ({r.Messages.Count} messages)"));
        var client = Client(server);

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("너는 분리배출 도우미야."), new UserChatMessage(Question)],
            new ChatCompletionOptions { EndUserId = "job-2:answer" });

        Assert.Equal($"echo: {Question} (2 messages)", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(FakeTokenizer.Split(completion.Content[0].Text).Count, completion.Usage.OutputTokenCount);
        Assert.Equal(1, server.Stats.CompletedCalls("job-2:answer"));
    }

    [Fact]
    public async Task CompleteChat_MaxOutputTokens_CutsTextWithFinishReasonLength()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast, FakeBrain.From(_ => "하나 둘 셋 넷 다섯 여섯 일곱"));

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("세어 봐")], new ChatCompletionOptions { MaxOutputTokenCount = 3 });

        Assert.Equal("하나 둘 셋 ", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Fact]
    public async Task CompleteChat_JsonSchemaResponseFormat_ReturnsInstanceThatParses()
    {
        const string schema = """
            {
              "type": "object",
              "properties": {
                "category": { "type": "string", "enum": ["plastic", "glass", "paper"] },
                "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                "count": { "type": "integer" },
                "recyclable": { "type": "boolean" },
                "note": { "type": ["string", "null"] },
                "steps": { "type": "array", "items": { "$ref": "#/$defs/step" } },
                "bin": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "color": { "type": "string" } }, "required": ["color"], "additionalProperties": false } ] },
                "optional": { "type": "string" }
              },
              "required": ["category", "confidence", "count", "recyclable", "note", "steps", "bin"],
              "additionalProperties": false,
              "$defs": {
                "step": { "type": "object", "properties": { "order": { "type": "integer", "minimum": 1 }, "text": { "type": "string", "minLength": 1 } }, "required": ["order", "text"], "additionalProperties": false }
              }
            }
            """;
        FakeChatRequest? seen = null;
        await using var server = await FakeLlmServer.StartAsync(Fast, FakeBrain.From(r =>
        {
            seen = r;
            return DefaultFakeBrain.Instance.Respond(r);
        }));
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("classification", BinaryData.FromString(schema), jsonSchemaIsStrict: true),
        };

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage(Question)], options);

        using var json = JsonDocument.Parse(completion.Content[0].Text);
        var root = json.RootElement;
        Assert.Equal("plastic", root.GetProperty("category").GetString());
        Assert.Equal(0.5, root.GetProperty("confidence").GetDouble());
        Assert.Equal(1, root.GetProperty("count").GetInt32());
        Assert.True(root.GetProperty("recyclable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("note").GetString()));
        var step = Assert.Single(root.GetProperty("steps").EnumerateArray());
        Assert.Equal(1, step.GetProperty("order").GetInt32());
        Assert.False(string.IsNullOrEmpty(step.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.String, root.GetProperty("bin").GetProperty("color").ValueKind);
        Assert.False(root.TryGetProperty("optional", out _));
        Assert.NotNull(seen);
        Assert.Equal("json_schema", seen.ResponseFormatType);
        Assert.Equal("classification", seen.ResponseFormatName);
        Assert.Equal(JsonValueKind.Object, seen.ResponseFormatSchema?.ValueKind);
    }

    [Fact]
    public async Task CompleteChat_RateLimitedTwiceThenOk_SucceedsThroughSdkRetryAndCountsOneCompletedCall()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = FaultPlan.FromScript("429,429,ok") });
        var client = Client(server, maxRetries: 3);
        const string user = "job-3:classify";

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = user });

        Assert.Equal(DefaultFakeBrain.Sentence(Question), completion.Content[0].Text);
        Assert.Equal(3, server.Stats.TotalRequests);
        Assert.Equal(2, server.Stats.Requests(FaultKind.RateLimited));
        Assert.Equal(1, server.Stats.Requests(FaultKind.Ok));
        Assert.Equal(1, server.Stats.CompletedCalls(user));
        Assert.Equal(1, server.Stats.TotalCompletedCalls);
        Assert.Equal(new Dictionary<string, int> { [user] = 1 }, server.Stats.CompletedByUser);
    }

    [Fact]
    public async Task CompleteChat_ServerErrorAlways_ThrowsClientResultException500AfterRetries()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = new FaultPlan { ServerErrorProbability = 1 } });
        var client = Client(server, maxRetries: 1);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = "job-4:x" }));

        Assert.Equal(500, error.Status);
        Assert.Equal(2, server.Stats.TotalRequests);
        Assert.Equal(2, server.Stats.Requests(FaultKind.ServerError));
        Assert.Equal(0, server.Stats.CompletedCalls("job-4:x"));
    }

    [Fact]
    public async Task CompleteChatStreaming_StallMidStream_ThrowsAfterNetworkTimeoutWithPartialText()
    {
        var faults = FaultPlan.FromScript("stall") with { ChunksBeforeFault = 2 };
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = faults }, FakeBrain.From(_ => "가나다라마바사아자차카타파하"));
        var client = Client(server, maxRetries: 0, networkTimeout: TimeSpan.FromSeconds(1));
        var text = new StringBuilder();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = "job-5:x" }))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
            }
        });

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"gave up after {clock.Elapsed}");
        Assert.Equal("가나다라마바", text.ToString());
        Assert.NotNull(error);
        Assert.Equal(1, server.Stats.Requests(FaultKind.StallMidStream));
        Assert.Equal(0, server.Stats.CompletedCalls("job-5:x"));
    }

    [Fact]
    public async Task CompleteChatStreaming_SlowStream_DeliversTheWholeAnswerAtTheSlowPace()
    {
        var faults = FaultPlan.FromScript("slow") with { SlowStreamTokensPerSecond = 5 };
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = faults }, FakeBrain.From(_ => "가나다라마바사아자차"));
        // The pace is asserted as a floor; the read timeout only has to outlast a busy machine's pauses (the whole suite runs at once).
        var client = Client(server, maxRetries: 0, networkTimeout: TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        var clock = Stopwatch.StartNew();

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = "job-6:x" }))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal("가나다라마바사아자차", text.ToString());
        var tokens = server.Stats.TokensSent;
        Assert.True(tokens >= 2, $"the answer came in {tokens} token(s): no pace to see");
        var floor = TimeSpan.FromSeconds((tokens - 1) / 5.0); // (n − 1) gaps of 200 ms at least
        Assert.True(clock.Elapsed >= floor, $"{tokens} tokens at 5/s came in {clock.Elapsed}, under {floor}");
        Assert.Equal(1, server.Stats.Requests(FaultKind.SlowStream));
        Assert.Equal(1, server.Stats.CompletedCalls("job-6:x"));
    }

    [Fact]
    public async Task CompleteChat_TimeoutFault_ThrowsAfterNetworkTimeoutWithoutHeaders()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = FaultPlan.FromScript("timeout") });
        // Generous timeouts here and below: the server must have parsed the request before the client gives up, even on a busy machine.
        var client = Client(server, maxRetries: 0, networkTimeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.CompleteChatAsync([new UserChatMessage(Question)]));

        Assert.True(error is OperationCanceledException or AggregateException, $"unexpected {error.GetType()}: {error.Message}");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"gave up after {clock.Elapsed}");
        Assert.Equal(1, server.Stats.Requests(FaultKind.Timeout));
        Assert.Equal(0, server.Stats.TotalCompletedCalls);
    }

    [Fact]
    public async Task CompleteChatStreaming_MalformedChunkAndBrokenStream_SurfaceAsClientErrors()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast with { Faults = FaultPlan.FromScript("malformed,broken") }, FakeBrain.From(_ => "가나다라마바사아자차카타파하"));
        var client = Client(server, maxRetries: 0);

        async Task<string> ReadAsync()
        {
            var text = new StringBuilder();
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)]))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
            }
            return text.ToString();
        }

        var malformed = await Assert.ThrowsAnyAsync<Exception>(ReadAsync);
        var broken = await Assert.ThrowsAnyAsync<Exception>(ReadAsync);
        var healthy = await ReadAsync();

        Assert.IsAssignableFrom<JsonException>(malformed);
        Assert.True(broken is IOException or HttpRequestException, $"unexpected {broken.GetType()}: {broken.Message}");
        Assert.Equal("가나다라마바사아자차카타파하", healthy);
        Assert.Equal(1, server.Stats.Requests(FaultKind.MalformedChunk));
        Assert.Equal(1, server.Stats.Requests(FaultKind.BrokenStream));
        Assert.Equal(1, server.Stats.TotalCompletedCalls);
    }

    [Fact]
    public async Task CompleteChat_FaultPlanRestrictedToModel_FailsThatModelOnly()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast);
        server.SetFaults(new FaultPlan { ServerErrorProbability = 1, Models = ["dead-provider-model"] });

        var dead = await Assert.ThrowsAsync<ClientResultException>(() => Client(server, model: "dead-provider-model").CompleteChatAsync([new UserChatMessage(Question)]));
        ChatCompletion alive = await Client(server, model: "live-provider-model").CompleteChatAsync([new UserChatMessage(Question)]);

        Assert.Equal(500, dead.Status);
        Assert.Equal(DefaultFakeBrain.Sentence(Question), alive.Content[0].Text);
        Assert.Equal(1, server.Stats.Requests(FaultKind.ServerError));
        Assert.Equal(1, server.Stats.Requests(FaultKind.Ok));
    }

    [Fact]
    public async Task CompleteChatStreaming_FirstTokenLatencyAndTokenRate_AreHonoured()
    {
        var options = new FakeLlmOptions { MinLatency = TimeSpan.FromMilliseconds(300), MaxLatency = TimeSpan.FromMilliseconds(300), TokensPerSecond = 100 };
        const string answer = "가나다라마바사아자차가나다라마바사아자차가나다라마바사아자차"; // 10 tokens: the last is due 90 ms after the first
        await using var server = await FakeLlmServer.StartAsync(options, FakeBrain.From(_ => answer));
        var client = Client(server);
        var clock = Stopwatch.StartNew();
        TimeSpan? firstToken = null;
        var text = new StringBuilder();

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                firstToken ??= clock.Elapsed;
                text.Append(part.Text);
            }
        }
        var total = clock.Elapsed;

        Assert.Equal(answer, text.ToString());
        Assert.Equal(10, FakeTokenizer.Split(answer).Count);
        Assert.True(firstToken >= TimeSpan.FromMilliseconds(300), $"first token after {firstToken}");
        Assert.True(total >= TimeSpan.FromMilliseconds(390), $"stream took {total}");
    }

    [Fact]
    public async Task CompleteChat_NonStreamingLatency_WaitsFirstTokenPlusTokensOverRate()
    {
        var options = new FakeLlmOptions { MinLatency = TimeSpan.FromMilliseconds(200), MaxLatency = TimeSpan.FromMilliseconds(200), TokensPerSecond = 100 };
        await using var server = await FakeLlmServer.StartAsync(options, FakeBrain.From(_ => "가나다라마바사아자차가나다라마바사아자차가나다라마바사아자차"));
        var clock = Stopwatch.StartNew();

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage(Question)]);

        Assert.Equal(10, completion.Usage.OutputTokenCount);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"took {clock.Elapsed}"); // 200 ms + 10 tokens / 100 tok/s
    }

    [Fact]
    public async Task CompleteChatStreaming_ParallelCalls_AreCountedConcurrentlyAndPerUser()
    {
        var options = new FakeLlmOptions { MinLatency = TimeSpan.FromMilliseconds(200), MaxLatency = TimeSpan.FromMilliseconds(250) };
        await using var server = await FakeLlmServer.StartAsync(options);
        var client = Client(server);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            var text = new StringBuilder();
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], new ChatCompletionOptions { EndUserId = $"job-{i}:answer" }))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
            }
            return text.ToString();
        }));

        Assert.All(answers, a => Assert.Equal(DefaultFakeBrain.Sentence(Question), a));
        Assert.True(server.Stats.MaxInFlight >= 2, $"max in-flight {server.Stats.MaxInFlight}");
        Assert.Equal(4, server.Stats.TotalRequests);
        Assert.Equal(0, server.Stats.InFlight);
        Assert.Equal(4, server.Stats.CompletedByUser.Count);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(1, server.Stats.CompletedCalls($"job-{i}:answer")));
    }

    [Fact]
    public async Task AdminEndpoints_PostFaultsThenGetStatsAndReset_ControlServerOverHttp()
    {
        await using var server = await FakeLlmServer.StartAsync(Fast);
        using var http = new HttpClient { BaseAddress = server.RootUri };

        using (var set = await http.PostAsync("_fake/faults", new StringContent("""{"script":["429"],"retryAfter":"00:00:02.5"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        using (var chat = await http.PostAsync("v1/chat/completions", new StringContent($$"""{"model":"m","messages":[{"role":"user","content":"{{Question}}"}],"user":"job-9:x"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
            Assert.Equal("3", Assert.Single(chat.Headers.GetValues("Retry-After")));
            Assert.Equal("2500", Assert.Single(chat.Headers.GetValues("retry-after-ms")));
            using var error = JsonDocument.Parse(await chat.Content.ReadAsStringAsync());
            Assert.Equal("rate_limit_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        using (var chat = await http.PostAsync("v1/chat/completions", new StringContent("""{"model":"m","messages":[{"role":"user","content":"hi"}],"user":"job-9:x"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        var stats = await http.GetFromJsonAsync<FakeLlmStatsSnapshot>("_fake/stats", FakeLlmServer.AdminJsonOptions);
        Assert.NotNull(stats);
        Assert.Equal(2, stats.TotalRequests);
        Assert.Equal(1, stats.RequestsByOutcome["429"]);
        Assert.Equal(1, stats.CompletedByUser["job-9:x"]);

        using (var reset = await http.PostAsync("_fake/reset", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }
        Assert.Equal(0, server.Stats.TotalRequests);
        Assert.Empty(server.Stats.CompletedByUser);
    }

    [Fact]
    public void DefaultFakeBrain_NullableAndNestedSchemas_GeneratesMinimalValidInstance()
    {
        using var schema = JsonDocument.Parse("""
            {
              "type": "object",
              "required": ["maybe", "tags", "pair", "level", "score", "inner"],
              "properties": {
                "maybe": { "anyOf": [ { "type": "null" }, { "type": "integer", "exclusiveMinimum": 5 } ] },
                "tags": { "type": "array", "items": { "type": "string", "maxLength": 2 }, "minItems": 2 },
                "pair": { "type": "array", "prefixItems": [ { "const": "a" }, { "type": "boolean" } ], "items": false },
                "level": { "oneOf": [ { "type": "string", "enum": ["low", "high"] } ] },
                "score": { "type": "number", "exclusiveMaximum": 0 },
                "inner": { "allOf": [ { "properties": { "x": { "type": "string", "format": "date-time" } }, "required": ["x"] }, { "required": ["y"], "properties": { "y": { "type": ["null"] } } } ] }
              }
            }
            """);

        using var instance = JsonDocument.Parse(DefaultFakeBrain.CreateInstance(schema.RootElement));
        var root = instance.RootElement;

        Assert.Equal(6, root.GetProperty("maybe").GetInt32());
        Assert.Equal(["예시", "예시"], root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("""["a",true]""", root.GetProperty("pair").GetRawText());
        Assert.Equal("low", root.GetProperty("level").GetString());
        Assert.True(root.GetProperty("score").GetDouble() < 0);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("inner").GetProperty("x").GetString(), out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("inner").GetProperty("y").ValueKind);
    }

    private static ChatClient Client(FakeLlmServer server, int maxRetries = 0, TimeSpan? networkTimeout = null, string model = Model) =>
        new(model, new ApiKeyCredential("sk-fake"), new OpenAIClientOptions
        {
            Endpoint = server.BaseUri,
            RetryPolicy = new ClientRetryPolicy(maxRetries: maxRetries),
            NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(10),
        });
}
