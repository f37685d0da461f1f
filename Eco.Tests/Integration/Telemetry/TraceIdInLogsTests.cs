using System.Diagnostics;
using System.Net.Http.Json;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary>A real <c>eco serve</c>: the lines it logs while handling a request that came with a <c>traceparent</c> carry that
/// trace's id, so an operator goes from a log line to the trace.</summary>
[Trait("Category", "Integration")]
public sealed class TraceIdInLogsTests
{
    [Fact]
    public async Task Submit_WithTraceparent_ItsRequestsLogLinesCarryTheTraceId()
    {
        await using var llm = await FakeLlmServer.StartAsync(new FakeLlmOptions { MinLatency = TimeSpan.Zero, MaxLatency = TimeSpan.Zero }, DomainFakeBrain.Create());
        using var dir = new TempDirectory();
        var environment = FakeProvider.Chain(llm, "fake-gpt").ToDictionary(kv => kv.Key, kv => kv.Value!);
        environment["Logging:LogLevel:Microsoft.AspNetCore"] = "Information"; // the endpoint's own lines, written inside the request
        await using var node = await NodeProcess.StartAsync(dir.Path, NodeProcess.FreePort(), environment);

        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message = "traced in the log" }) };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await node.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode}");

        // The console logger writes on its own thread: wait for the line, never a fixed time.
        var log = Path.Combine(dir.Path, "node.log");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string[] traced;
        while ((traced = [.. (await ReadSharedAsync(log)).Split('\n').Where(line => line.Contains($"TraceId:{trace}", StringComparison.Ordinal))]).Length == 0)
        {
            Assert.False(deadline.IsCancellationRequested, $"no log line carries trace {trace}; the log ends:\n{node.OutputTail}");
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Contains(traced, line => line.Contains("/v1/jobs", StringComparison.Ordinal) && line.Contains("SpanId:", StringComparison.Ordinal));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }
}
