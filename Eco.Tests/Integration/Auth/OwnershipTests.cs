using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>A job and a conversation are their creator's: anyone else is told they do not exist, exactly as for an unknown id.</summary>
[Trait("Category", "Integration")]
public sealed class OwnershipTests() : NodeTest(TimeSpan.FromMilliseconds(1))
{
    private const string Unknown = "0000000000000000000000000000dead";

    [Fact]
    public async Task Another_users_job_reads_exactly_like_one_that_does_not_exist()
    {
        using var alice = Node.ClientWith(Node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        var bobToken = Node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token;
        using var bob = Node.ClientWith(bobToken);
        using var submitted = await alice.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "깨진 유리 버리는 법" });
        var jobId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        await Node.WaitForEndAsyncAs(alice, jobId);

        foreach (var (mine, unknown) in new[] { ($"v1/jobs/{jobId}", $"v1/jobs/{Unknown}"), ($"v1/jobs/{jobId}/events", $"v1/jobs/{Unknown}/events") })
        {
            using var theirs = await bob.GetAsync(mine);
            using var none = await bob.GetAsync(unknown);
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            Assert.Equal(Detail(await none.Content.ReadAsStringAsync()).Replace(Unknown, jobId), Detail(await theirs.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(mine)).StatusCode);
        }

        // The stream: the same refusal (close code and reason) as for an unknown job.
        var (theirStatus, theirReason) = await WatchRefusalAsync(jobId, bobToken);
        var (noneStatus, noneReason) = await WatchRefusalAsync(Unknown, bobToken);
        Assert.Equal(noneStatus, theirStatus);
        Assert.Equal(noneReason!.Replace(Unknown, jobId), theirReason);

        // An admin reads any job.
        using var admin = Node.ClientWith(Node.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"v1/jobs/{jobId}")).StatusCode);
    }

    [Fact]
    public async Task Nobody_reads_or_posts_into_another_users_conversation()
    {
        using var alice = Node.ClientWith(Node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        using var bob = Node.ClientWith(Node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        using var first = await alice.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "페트병 버리는 법", conversation_id = "alice-chat" });
        var jobId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        await Node.WaitForEndAsyncAs(alice, jobId);
        var before = await alice.GetStringAsync("v1/conversations/alice-chat");

        using var intrusion = await bob.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "내 말 들어", conversation_id = "alice-chat" });
        using var read = await bob.GetAsync("v1/conversations/alice-chat");
        using var unknown = await bob.GetAsync("v1/conversations/no-such-chat");

        Assert.Equal(HttpStatusCode.NotFound, intrusion.StatusCode);
        Assert.Contains("no conversation with id 'alice-chat'", await intrusion.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(Detail(await unknown.Content.ReadAsStringAsync()).Replace("no-such-chat", "alice-chat"), Detail(await read.Content.ReadAsStringAsync()));
        Assert.Equal(before, await alice.GetStringAsync("v1/conversations/alice-chat")); // nothing changed in it
    }

    [Fact]
    public async Task Idempotency_keys_are_per_user()
    {
        using var alice = Node.ClientWith(Node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        using var bob = Node.ClientWith(Node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        var aliceFirst = await SubmitAsync(alice, "same-key");
        var bobFirst = await SubmitAsync(bob, "same-key");
        var aliceAgain = await SubmitAsync(alice, "same-key");

        Assert.Equal((HttpStatusCode.Accepted, true), (aliceFirst.Status, aliceFirst.Created));
        Assert.Equal((HttpStatusCode.Accepted, true), (bobFirst.Status, bobFirst.Created)); // a job of Bob's own, not Alice's
        Assert.NotEqual(aliceFirst.JobId, bobFirst.JobId);
        Assert.Equal((HttpStatusCode.OK, false, aliceFirst.JobId), (aliceAgain.Status, aliceAgain.Created, aliceAgain.JobId));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"v1/jobs/{aliceFirst.JobId}")).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, bool Created, string JobId)> SubmitAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message = "건전지 버리는 법" }) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("created").GetBoolean(), body.GetProperty("job_id").GetString()!);
    }

    private async Task<(WebSocketCloseStatus? Status, string? Reason)> WatchRefusalAsync(string jobId, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(Node.StreamUri(jobId, "0"), timeout.Token);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType); // no event of the job is ever sent
        return (socket.CloseStatus, socket.CloseStatusDescription);
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;
}
