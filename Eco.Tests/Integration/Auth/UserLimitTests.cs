using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>One user cannot crowd out the others: requests per minute, jobs running at once and streams per job are bounded per user,
/// answered 429 with Retry-After.</summary>
[Trait("Category", "Integration")]
public sealed class UserLimitTests
{
    [Fact]
    public async Task Requests_beyond_a_users_budget_get_429_with_retry_after_while_other_users_go_on()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, settings: new Dictionary<string, string?> { ["Eco:Limits:RequestsPerMinute"] = "5" });
        using var alice = node.ClientWith(node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        using var bob = node.ClientWith(node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
        }
        using var refused = await alice.GetAsync("v1/jobs/0000000000000000000000000000dead");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Contains("more than 5 requests in a minute", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
    }

    [Fact]
    public async Task A_user_with_the_limit_of_jobs_running_waits_for_one_to_end()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, tokenDelay: TimeSpan.FromMilliseconds(30),
            settings: new Dictionary<string, string?> { ["Eco:Limits:ConcurrentJobs"] = "2" });
        using var alice = node.ClientWith(node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        using var bob = node.ClientWith(node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        var first = await SubmitAsync(alice);
        var second = await SubmitAsync(alice);
        using var third = await alice.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "스티로폼 버리는 법" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
        Assert.Contains("already has 2 jobs running", await third.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await bob.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "캔 버리는 법" })).StatusCode);

        await node.WaitForEndAsyncAs(alice, first);
        await node.WaitForEndAsyncAs(alice, second);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "스티로폼 버리는 법" })).StatusCode);
    }

    [Fact]
    public async Task A_user_may_hold_only_so_many_streams_on_one_job()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, tokenDelay: TimeSpan.FromMilliseconds(50),
            settings: new Dictionary<string, string?> { ["Eco:Limits:StreamsPerJob"] = "1" });
        var jobId = await node.SubmitChatAsync("형광등 버리는 법 자세히");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var first = new ClientWebSocket())
        {
            first.Options.SetRequestHeader("Authorization", $"Bearer {node.UserToken}");
            await first.ConnectAsync(node.StreamUri(jobId, "0"), timeout.Token);
            await first.ReceiveAsync(new byte[8192], timeout.Token); // it is streaming

            using var second = new ClientWebSocket();
            second.Options.SetRequestHeader("Authorization", $"Bearer {node.UserToken}");
            second.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(node.StreamUri(jobId, "0"), timeout.Token));
            Assert.Equal(HttpStatusCode.TooManyRequests, second.HttpStatusCode);
            await first.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        // Once the first one is closed, the place is free again (the server notices the close at once or soon after).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var again = new ClientWebSocket();
            again.Options.SetRequestHeader("Authorization", $"Bearer {node.UserToken}");
            try
            {
                await again.ConnectAsync(node.StreamUri(jobId, "0"), timeout.Token);
                break;
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private static async Task<string> SubmitAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "폐건전지 버리는 법 알려줘" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
    }
}
