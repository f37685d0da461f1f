using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Sharding;
using Eco.Tests.Integration.Telemetry;
using Eco.Tests.Support;

namespace Eco.Tests.MultiNode;

/// <summary>Two real <c>eco serve</c> processes exporting traces over OTLP (http/protobuf) to a receiver in the test: a job
/// submitted on one node and run on the other is one trace, the caller's; its stage spans, exported by the node that ran them,
/// are children of the submit span the entry node exported.</summary>
[Collection(ChildProcessCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class TraceAcrossNodesTests
{
    [Fact]
    public async Task JobSubmittedOnOneNode_RunOnAnother_StagesAreChildrenOfTheSubmitInTheCallersTrace()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var cluster = new ClusterHarness(shardCount: 10);
        await using var a = await StartTracedNodeAsync(cluster, "node-a", receiver);
        await using var b = await StartTracedNodeAsync(cluster, "node-b", receiver);
        await ClusterHarness.WaitUntilAsync(async () =>
        {
            var view = await a.Admin.GetFromJsonAsync<JsonElement>("admin/cluster");
            return view.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("status").GetString() == "up") == 2;
        }, TimeSpan.FromSeconds(30), "2 members up");

        // Submitted on a until one job's shard is b's (shards go to the node with the fewest as they are first used).
        var resolver = new ShardResolver(cluster.ShardCount);
        (string JobId, ActivityTraceId Trace, ActivitySpanId Caller)? onB = null;
        for (var i = 0; i < 20 && onB is null; i++)
        {
            var submitted = await SubmitTracedAsync(a, $"traced across nodes {i}");
            await a.WaitForEndAsync(submitted.JobId, TimeSpan.FromSeconds(60));
            if ((await ShardsOfAsync(a, "node-b")).Contains(resolver.ShardOf(JobId.Parse(submitted.JobId))))
            {
                onB = submitted;
            }
        }
        Assert.True(onB is not null, "no job of 20 ran on node-b");
        var (jobId, trace, caller) = onB.Value;

        // The batch exporters send every 0.2 s: wait for the spans of both nodes, never a fixed time.
        List<OtlpSpan> spans = [];
        await ClusterHarness.WaitUntilAsync(() =>
        {
            spans = [.. receiver.Spans.Where(s => s.TraceId == trace.ToHexString())];
            return Task.FromResult(spans.Any(s => s.Name == "eco.job.submit") && spans.Any(s => s.Name == "eco.job.stage")
                && spans.Any(s => s.Name == "eco.model.attempt") && spans.Any(s => s.Name == "eco.journal.append")
                && spans.Any(s => s.SpanId == spans.Single(t => t.Name == "eco.job.submit").ParentSpanId));
        }, TimeSpan.FromSeconds(30), $"the spans of job {jobId} from both nodes");

        var submit = spans.Single(s => s.Name == "eco.job.submit");
        Assert.Equal(("node-a", jobId), (submit.Node, submit.Attributes["eco.job_id"]));
        var request = spans.Single(s => s.SpanId == submit.ParentSpanId); // ASP.NET Core's, under the caller's traceparent
        Assert.Equal(("node-a", caller.ToHexString()), (request.Node, request.ParentSpanId));
        var runOnB = spans.Where(s => s.Name is "eco.job.stage" or "eco.model.attempt" or "eco.journal.append").ToList();
        Assert.All(runOnB, span =>
        {
            Assert.Equal("node-b", span.Node);
            Assert.Equal(jobId, span.Attributes["eco.job_id"]);
            Assert.True(Reaches(span, submit, spans), $"{span.Name} {span.SpanId} does not lead to the submit span");
        });
        Assert.All(spans.Where(s => s.Name == "eco.job.stage"), stage => Assert.Equal(submit.SpanId, stage.ParentSpanId));

        // b took the job's shard over under its lease, and says so.
        using var scraper = new HttpClient { BaseAddress = b.AdminUri };
        await ClusterHarness.WaitUntilAsync(async () =>
            PrometheusText.Sum(await scraper.GetStringAsync("metrics"), "eco_shards_handoffs_total", "change=\"acquired\"") >= 1,
            TimeSpan.FromSeconds(30), "node-b's shard takeovers counted");
    }

    private static async Task<NodeProcess> StartTracedNodeAsync(ClusterHarness cluster, string nodeId, OtlpTraceReceiver receiver)
    {
        var environment = (await cluster.SettingsAsync(nodeId, NodeProcess.FreePort())).ToDictionary(kv => kv.Key, kv => kv.Value!);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        return await NodeProcess.StartAsync(Path.Combine(Path.GetTempPath(), "eco-tests", Guid.NewGuid().ToString("N")), NodeProcess.FreePort(), environment);
    }

    private static async Task<(string JobId, ActivityTraceId Trace, ActivitySpanId Caller)> SubmitTracedAsync(NodeClient node, string message)
    {
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message }) };
        request.Headers.Add("traceparent", $"00-{trace}-{caller}-01");
        using var response = await node.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode}");
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!, trace, caller);
    }

    private static async Task<IReadOnlyList<int>> ShardsOfAsync(NodeClient observer, string nodeId)
    {
        var view = await observer.Admin.GetFromJsonAsync<JsonElement>("admin/cluster");
        return [.. view.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node_id").GetString() == nodeId)
            .GetProperty("shards").EnumerateArray().Select(s => s.GetInt32())];
    }

    /// <summary>True when following parents from <paramref name="span"/> through the trace's spans arrives at <paramref name="ancestor"/>.</summary>
    private static bool Reaches(OtlpSpan span, OtlpSpan ancestor, IReadOnlyList<OtlpSpan> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var at = span; at.ParentSpanId.Length > 0; at = byId[at.ParentSpanId])
        {
            if (at.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
            if (!byId.ContainsKey(at.ParentSpanId))
            {
                return false;
            }
        }
        return false;
    }
}
