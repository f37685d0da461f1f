using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>A revoked token is refused at once, also on a stream that is already open; a revoked user's older tokens are refused and
/// their newer ones are not.</summary>
[Trait("Category", "Integration")]
public sealed class RevokedTokenTests() : NodeTest(TimeSpan.FromMilliseconds(40))
{
    [Fact]
    public async Task A_revoked_token_is_refused_and_its_open_stream_is_closed_with_1008()
    {
        var issued = Node.Tokens.Issue("carol", admin: false, TimeSpan.FromHours(1));
        using var carol = Node.ClientWith(issued.Token);
        using var submitted = await carol.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "형광등이랑 건전지 버리는 법 자세히 알려줘" });
        var jobId = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("job_id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {issued.Token}");
        await socket.ConnectAsync(Node.StreamUri(jobId, "0"), timeout.Token);
        var buffer = new byte[64 * 1024];
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(buffer, timeout.Token)).MessageType); // streaming

        var clock = Stopwatch.StartNew();
        using var revoked = await Node.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = issued.Jti, reason = "leaked" });
        Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
            // events already on their way; the close follows them
        }
        var took = clock.Elapsed;

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("the token has been revoked", socket.CloseStatusDescription);
        Assert.True(took < TimeSpan.FromSeconds(1), $"the stream was closed {took.TotalMilliseconds:0} ms after the revocation");
        using var refused = await carol.GetAsync($"v1/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync());
        // The job itself goes on: revoking a token stops its holder, not the work.
        Assert.Equal("completed", (await Node.WaitForEndAsyncAs(Node.ClientWith(Node.AdminToken), jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoking_a_user_refuses_the_tokens_issued_before_and_not_the_ones_after()
    {
        var before = Node.Tokens.Issue("dave", admin: false, TimeSpan.FromHours(1)).Token;
        using var revoked = await Node.Admin.PostAsync("admin/revocations/users/dave", content: null);
        Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);
        // iat has whole seconds: a token issued in the revocation's second is refused too, so the new one is a few seconds younger.
        var after = new Eco.Host.Auth.TokenIssuer(Node.SigningKey, new ShiftedClock(TimeSpan.FromSeconds(3))).Issue("dave", admin: false, TimeSpan.FromHours(1)).Token;
        using var old = Node.ClientWith(before);
        using var fresh = Node.ClientWith(after);
        using var someoneElse = Node.ClientWith(Node.Tokens.Issue("erin", admin: false, TimeSpan.FromHours(1)).Token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fresh.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
    }

    private sealed class ShiftedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
