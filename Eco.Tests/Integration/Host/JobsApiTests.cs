using System.Net;
using System.Text;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Trait("Category", "Integration")]
public sealed class JobsApiTests : NodeTest
{

    [Fact]
    public async Task SubmitJob_ChatAboutPetBottle_Returns202AndStreamsTokensThatMakeTheAnswer()
    {
        using var response = await Node.Http.PostAsync("v1/jobs", Json("""{"kind":"chat","message":"이 페트병 어떻게 버려?"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        Assert.Equal($"/v1/jobs/{jobId}", response.Headers.Location?.OriginalString);

        var state = await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.Equal(["agent.waste", "agent.weather", "aggregate", "answer", "classify", "route"],
            state.GetProperty("completed_stages").EnumerateArray().Select(s => s.GetString()));
        var answer = state.GetProperty("answer").GetString()!;
        Assert.Contains("페트", answer);

        var events = await Node.GetEventsAsync(jobId);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        Assert.Equal("job.accepted", events[0].Type);
        // classify → route → the sub-agents (waste, plus weather as enrichment) together → aggregate → answer
        Assert.Equal(["classify", "route", "agent.waste", "agent.weather", "aggregate", "answer"],
            events.Where(e => e.Type == "stage.started").Select(e => e.Stage));
        Assert.Equal(answer, string.Concat(events.Where(e => e.Type == "token").Select(e => e.Text)));
        Assert.Equal(state.GetProperty("last_seq").GetInt64(), events[^1].Seq);
        Assert.All(events, e => Assert.True(DateTimeOffset.TryParse(e.Ts, out _), $"ts '{e.Ts}' is not ISO-8601"));
    }

    [Fact]
    public async Task SubmitJob_SameIdempotencyKey_ReturnsTheFirstJob()
    {
        var first = await Node.SubmitChatAsync("건전지 버리는 법", idempotencyKey: "req-42");
        using var again = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = Json("""{"kind":"chat","message":"건전지 버리는 법"}""") };
        again.Headers.Add("Idempotency-Key", "req-42");
        using var response = await Node.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(first, body.GetProperty("job_id").GetString());
        Assert.False(body.GetProperty("created").GetBoolean());
        await Node.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        Assert.Single(await Node.GetEventsAsync(first), e => e.Type == "job.accepted");
    }

    [Fact]
    public async Task SubmitJob_ReusedIdempotencyKeyAfterRestart_SameBodyGetsTheJobAndDifferentBodyGets422()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var before = await TestNode.StartAsync(dir.Path))
        {
            first = await before.SubmitChatAsync("건전지 버리는 법", idempotencyKey: "req-44");
            await before.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        }
        await using var after = await TestNode.StartAsync(dir.Path);
        Assert.Equal(first, await after.SubmitChatAsync("건전지 버리는 법", idempotencyKey: "req-44"));
        using var other = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = Json("""{"kind":"chat","message":"건전지 버리는 법","location":{"latitude":37.5,"longitude":127}}""") };
        other.Headers.Add("Idempotency-Key", "req-44");
        using var response = await after.Http.SendAsync(other);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadSubmissions() => new()
    {
        { "{\"kind\":\"chat\",\"message\":", "application/json", HttpStatusCode.BadRequest, "malformed JSON" },
        { "not json at all", "application/json", HttpStatusCode.BadRequest, "malformed JSON" },
        { "[1,2,3]", "application/json", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "\"페트병\"", "application/json", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "{\"kind\":\"chat\",\"message\":5}", "application/json", HttpStatusCode.BadRequest, "'message' must be text (a JSON string), not a number" },
        { "{\"kind\":[\"chat\"],\"message\":\"hi\"}", "application/json", HttpStatusCode.BadRequest, "'kind' must be text (a JSON string), not a list" },
        { "{\"kind\":\"chat\",\"message\":\"hi\",\"location\":\"서울\"}", "application/json", HttpStatusCode.BadRequest, "'location' must be an object, not text" },
        { "{\"kind\":\"chat\",\"message\":\"hi\",\"location\":{\"latitude\":\"37.5\",\"longitude\":127}}", "application/json", HttpStatusCode.BadRequest, "'location.latitude' must be a number, not text" },
        { "{\"kind\":\"chat\",\"message\":\"hi\",\"location\":{\"latitude\":37.5,\"longitude\":true}}", "application/json", HttpStatusCode.BadRequest, "'location.longitude' must be a number, not true or false" },
        { "{\"kind\":\"chat\",\"message\":\"hi\",\"location\":{\"latitude\":1e400,\"longitude\":127}}", "application/json", HttpStatusCode.BadRequest, "'location' needs latitude in [-90, 90]" },
        { "null", "application/json", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "{\"message\":\"페트병\"}", "application/json", HttpStatusCode.BadRequest, "'kind' is required" },
        { "{\"kind\":\"dance\",\"message\":\"페트병\"}", "application/json", HttpStatusCode.BadRequest, "unknown kind 'dance'" },
        { "{\"kind\":\"chat\"}", "application/json", HttpStatusCode.BadRequest, "'message' is required" },
        { "{\"kind\":\"chat\",\"message\":\"   \"}", "application/json", HttpStatusCode.BadRequest, "'message' is required" },
        { "{\"kind\":\"chat\",\"message\":\"" + new string('가', 4001) + "\"}", "application/json", HttpStatusCode.BadRequest, "the limit is 4000" },
        { "{\"kind\":\"chat\",\"message\":\"" + new string('a', 70_000) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge, "larger than 65536 bytes" },
        { "{\"kind\":\"chat\",\"message\":\"hi\"}", "text/plain", HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json" },
        { "{\"kind\":\"chat\",\"message\":\"hi\",\"conversation_id\":\"" + new string('c', 200) + "\"}", "application/json", HttpStatusCode.BadRequest, "'conversation_id': conversation id is longer than" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task SubmitJob_BadInput_Returns4xxWithReasonAndCreatesNoJob(string body, string contentType, HttpStatusCode expected, string reason)
    {
        var jobsBefore = await CountJobsAsync();
        using var response = await Node.Http.PostAsync("v1/jobs", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(reason, detail);
        Assert.DoesNotContain("System.", detail); // in our words, not .NET type names
        Assert.DoesNotContain("Eco.", detail);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("00-", problem.GetProperty("trace_id").GetString());
        Assert.Equal(jobsBefore, await CountJobsAsync());
    }

    [Fact]
    public async Task SubmitJob_SameIdempotencyKeyDifferentBody_Returns422AndCreatesNothing()
    {
        var first = await Node.SubmitChatAsync("건전지 버리는 법", idempotencyKey: "req-43");
        var jobsBefore = await CountJobsAsync();
        using var other = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = Json("""{"kind":"chat","message":"형광등 버리는 법"}""") };
        other.Headers.Add("Idempotency-Key", "req-43");
        using var response = await Node.Http.SendAsync(other);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("first used with a different request", problem.GetProperty("detail").GetString());
        Assert.Equal(jobsBefore, await CountJobsAsync());
        var state = await Node.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        Assert.Contains("건전지", (await Node.GetEventsAsync(first))[0].Raw); // the first job still answers the first request
        Assert.Equal("completed", state.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubmitJob_SameIdempotencyKeyInAnotherConversation_Returns422()
    {
        var first = await Node.SubmitAsync(new { kind = "chat", message = "건전지 버리는 법", conversation_id = "c-key-1" }, idempotencyKey: "req-44");
        Assert.Equal(first, await Node.SubmitAsync(new { kind = "chat", message = "건전지 버리는 법", conversation_id = "c-key-1" }, idempotencyKey: "req-44"));
        // Counted once the turn has ended: its conversation's own stream starts while the job runs.
        Assert.Equal("completed", (await Node.WaitForEndAsync(first, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
        var jobsBefore = await CountJobsAsync();
        foreach (var body in new[]
        {
            """{"kind":"chat","message":"건전지 버리는 법","conversation_id":"c-key-2"}""",
            """{"kind":"chat","message":"건전지 버리는 법"}""",
        })
        {
            using var other = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = Json(body) };
            other.Headers.Add("Idempotency-Key", "req-44");
            using var response = await Node.Http.SendAsync(other);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        }
        Assert.Equal(jobsBefore, await CountJobsAsync());
    }

    [Fact]
    public async Task BadInput_AgainstARunningJob_DoesNotCorruptIt()
    {
        var jobId = await Node.SubmitChatAsync("유리병은 어떻게 버려?");
        var requests = new[]
        {
            Node.Http.PostAsync("v1/jobs", new StringContent("{oops", Encoding.UTF8, "application/json")),
            Node.Http.GetAsync($"v1/jobs/{jobId}/events?after_seq=-1"),
            Node.Http.GetAsync($"v1/jobs/{jobId}/events?after_seq=abc"),
            Node.Http.GetAsync($"v1/jobs/{jobId}/stream"),
        };
        foreach (var response in await Task.WhenAll(requests))
        {
            Assert.InRange((int)response.StatusCode, 400, 499);
        }
        await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(30));
        var events = await Node.GetEventsAsync(jobId);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
        Assert.Equal("job.completed", events[^1].Type);
    }

    [Theory]
    [InlineData("v1/jobs/0000000000000000000000000000dead", HttpStatusCode.NotFound, "no job with id")]
    [InlineData("v1/jobs/0000000000000000000000000000dead/events", HttpStatusCode.NotFound, "no job with id")]
    [InlineData("v1/jobs/bad%20id!/events", HttpStatusCode.BadRequest, "job id may contain only")]
    [InlineData("v1/jobs/bad%20id!", HttpStatusCode.BadRequest, "job id may contain only")]
    [InlineData("v1/jobs/x/events?after_seq=-1", HttpStatusCode.BadRequest, "after_seq must be 0 or greater")]
    [InlineData("v1/jobs/x/events?after_seq=abc", HttpStatusCode.BadRequest, "after_seq must be a whole number")]
    [InlineData("v1/jobs/x/events?after_seq=1.5", HttpStatusCode.BadRequest, "after_seq must be a whole number")]
    [InlineData("v1/jobs/x/stream", HttpStatusCode.UpgradeRequired, "WebSocket only")]
    [InlineData("v1/conversations/no-such-chat", HttpStatusCode.NotFound, "no conversation with id")]
    [InlineData("admin/jobs/0000000000000000000000000000dead", HttpStatusCode.NotFound, "no job with id")]
    public async Task Get_BadOrUnknown_ReturnsClearErrorWithTraceId(string path, HttpStatusCode expected, string reason)
    {
        using var response = await (path.StartsWith("admin/", StringComparison.Ordinal) ? Node.Admin : Node.Http).GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.StartsWith("00-", problem.GetProperty("trace_id").GetString());
    }

    [Theory]
    [InlineData("GET", "v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "v1/jobs", HttpStatusCode.MethodNotAllowed)]
    public async Task UnmatchedRoute_ReturnsProblemDetailsWithTraceId(string method, string path, HttpStatusCode expected)
    {
        using var response = await Node.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("00-", problem.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task Probes_AnswerWithoutWaitingOnJobs()
    {
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.GetAsync("healthz")).StatusCode);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await Node.Http.GetAsync("readyz", deadline.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private async Task<int> CountJobsAsync()
    {
        var journal = (Eco.Actors.Journal.IJournal)Node.Services.GetService(typeof(Eco.Actors.Journal.IJournal))!;
        return (await journal.ListJobsAsync(new Eco.Actors.Journal.JobListQuery(Limit: 100_000), default)).Count;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
