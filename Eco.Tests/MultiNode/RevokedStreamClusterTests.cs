using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Actors.Revocations;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Eco.Tests.MultiNode;

/// <summary>A token revoked on one node is refused by another, and the streams open there with it are closed (1008) within a second.</summary>
[Trait("Category", "MultiNode")]
public sealed class RevokedStreamClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_token_revoked_on_one_node_closes_its_stream_on_another_within_a_second()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a");
        var b = await cluster.StartNodeAsync("node-b", tokenDelay: TimeSpan.FromMilliseconds(60));
        await cluster.WaitForMembersAsync(2);
        // node-b hears pushes once its pub-sub subscription has spread through the cluster (until then the 5 s refresh heals a
        // miss): the timed revocation below starts once a first one has gone through.
        Assert.Equal(HttpStatusCode.Created, (await a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = "warm-up" })).StatusCode);
        await ClusterHarness.WaitUntilAsync(() => Task.FromResult(b.Services.GetRequiredService<RevocationList>().IsRevoked("warm-up", null, null)),
            TimeSpan.FromSeconds(20), "node-b refuses warm-up");

        var issued = b.Tokens.Issue("frank", admin: false, TimeSpan.FromHours(1));
        using var frank = b.ClientWith(issued.Token);
        using var submitted = await frank.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "폐형광등이랑 보조배터리 버리는 법 자세히" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var jobId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {issued.Token}");
        await socket.ConnectAsync(b.StreamUri(jobId, "0"), timeout.Token);
        var buffer = new byte[64 * 1024];
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(buffer, timeout.Token)).MessageType);

        var clock = Stopwatch.StartNew();
        using var revoked = await a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = issued.Jti, reason = "stolen phone" });
        Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }
        var took = clock.Elapsed;
        output.WriteLine($"revoked on node-a; the stream on node-b closed after {took.TotalMilliseconds:0.0} ms");

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("the token has been revoked", socket.CloseStatusDescription);
        Assert.True(took < TimeSpan.FromSeconds(1), $"closed {took.TotalMilliseconds:0} ms after the revocation");
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.GetAsync($"v1/jobs/{jobId}")).StatusCode);
        using var viaA = a.ClientWith(issued.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaA.GetAsync($"v1/jobs/{jobId}")).StatusCode);
    }
}
