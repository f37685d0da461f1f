using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>A node logging everything at information level still never writes a token (from a header or a WebSocket's query
/// string), a provider's API key, or what a user wrote.</summary>
[Trait("Category", "Integration")]
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Tokens_api_keys_and_messages_stay_out_of_the_log()
    {
        const string apiKey = "sk-never-in-a-log-4711";
        const string message = "비밀메시지-페트병-0815 어떻게 버려?";
        await using var llm = await FakeLlmServer.StartAsync(new FakeLlmOptions { ApiKey = apiKey, MinLatency = TimeSpan.Zero, MaxLatency = TimeSpan.Zero },
            DomainFakeBrain.Create());
        using var dir = new TempDirectory();
        var environment = FakeProvider.Chain(llm, "fake-gpt").ToDictionary(kv => kv.Key, kv => kv.Value!);
        environment["Eco:Llm:Providers:p0:OpenAi:ApiKey"] = apiKey;
        environment["Logging:LogLevel:Default"] = "Information";
        environment["Logging:LogLevel:Microsoft"] = "Information";
        environment["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        environment["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        await using var node = await NodeProcess.StartAsync(dir.Path, NodeProcess.FreePort(), environment);

        // A token in a header, a token in a WebSocket's query string (as a browser sends it), a refused token, an admin's token.
        using var submitted = await node.Http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message });
        var jobId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        using (var socket = new ClientWebSocket())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await socket.ConnectAsync(new Uri($"{node.StreamUri(jobId, "0")}&access_token={node.UserToken}"), timeout.Token);
            var reader = new Eco.Host.Streaming.WebSocketJsonReader(socket);
            while (await reader.ReadAsync(timeout.Token) is { } frame)
            {
                frame.Dispose();
            }
        }
        var refused = ForgedTokens.Hs256(new byte[32], subject: "refused-one");
        using (var stranger = node.ClientWith(refused))
        {
            await stranger.GetAsync($"v1/jobs/{jobId}");
            await stranger.GetAsync($"v1/jobs/{jobId}/stream?access_token={refused}");
        }
        await node.Admin.GetAsync("admin/cluster?shards=false");
        Assert.Equal("completed", (await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        Assert.True(llm.Stats.TotalCompletedCalls > 0, "the job's model calls went to the fake server that needs the key");

        var log = await File.ReadAllTextAsync(Path.Combine(dir.Path, "node.log"));
        Assert.Contains("info:", log); // information-level lines were written: the check below has something to look at
        foreach (var secret in new[] { node.UserToken, node.AdminToken, refused, apiKey, "비밀메시지" })
        {
            Assert.DoesNotContain(secret, log);
        }
        Assert.DoesNotContain(node.UserToken.Split('.')[2], log); // not even the signature alone
    }
}
