using System.Net;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary>A real scrape of <c>/metrics</c> on the management port after some jobs: Eco's instruments and ASP.NET Core's are
/// there with at least the counts the jobs made; the public port has no <c>/metrics</c>.</summary>
/// <remarks>Eco's journal and model meters are process-wide, so other nodes in this test run may add to the counts: the
/// assertions are lower bounds.
/// <para>Tokens come 20 ms apart, so a job is still running when a client starts watching it.</para></remarks>
[Trait("Category", "Integration")]
public sealed class MetricsEndpointTests() : NodeTest(TimeSpan.FromMilliseconds(20))
{
    private const int Jobs = 3;

    private Task<string> ScrapeUntilAsync(Func<string, bool> done, string what) => PrometheusText.ScrapeUntilAsync(Node, done, what);

    [Fact]
    public async Task Metrics_AfterJobs_ShowsEcoAndHttpInstrumentsWithTheirCounts()
    {
        var events = 0;
        for (var i = 0; i < Jobs; i++)
        {
            var jobId = await Node.SubmitChatAsync($"metrics {i}");
            await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
            events += (await Node.GetEventsAsync(jobId)).Count;
        }

        var text = await ScrapeUntilAsync(t =>
            PrometheusText.Sum(t, "eco_journal_events_appended_total") >= events
            && PrometheusText.Sum(t, "http_server_request_duration_seconds_count", "http_request_method=\"POST\"") >= Jobs
            && PrometheusText.Sum(t, "eco_model_attempts_total", "outcome=\"Ok\"") >= Jobs
            && PrometheusText.Sum(t, "eco_jobs_ended_total", "status=\"completed\"") >= Jobs,
            $"{events} journal events, {Jobs} submits, {Jobs} model attempts and {Jobs} jobs completed");

        Assert.True(PrometheusText.Sum(text, "eco_jobs_submitted_total") >= Jobs, "jobs submitted");
        Assert.True(PrometheusText.Sum(text, "eco_journal_commit_duration_milliseconds_count") > 0, "journal commit durations");
        Assert.True(PrometheusText.Sum(text, "eco_journal_batch_events_count") > 0, "journal batch sizes");
        Assert.True(PrometheusText.Sum(text, "eco_model_tokens_total", "direction=\"out\"") > 0, "tokens out");
        Assert.True(PrometheusText.Sum(text, "eco_model_attempt_duration_milliseconds_count") >= Jobs, "model attempt durations");
        Assert.True(PrometheusText.Sum(text, "eco_llm_calls_total") >= Jobs, "model calls");
        Assert.True(PrometheusText.Sum(text, "eco_llm_permit_wait_milliseconds_count", "provider=\"") >= Jobs, "lane waits by provider");
        Assert.NotNull(PrometheusText.Sum(text, "eco_lane_queued", "provider=\""));
        Assert.NotNull(PrometheusText.Sum(text, "eco_breaker_open", "provider=\""));
        Assert.NotNull(PrometheusText.Sum(text, "eco_websocket_clients"));
        Assert.True(PrometheusText.Sum(text, "eco_cluster_members", "status=\"Up\"") >= 1, "this node is an Up member");
    }

    [Fact]
    public async Task Metrics_OnThePublicPort_IsNotFound()
    {
        using var anonymous = Node.ClientWith(token: null);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Node.Http.GetAsync("metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_WhileClientsWatchRunningJobs_RecordsTheStreamLagOfEachTransport()
    {
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var overSocket = await Node.SubmitChatAsync("lag over a WebSocket");
        var (events, _, _) = await Node.WatchAsync(overSocket, 0, watching.Token);
        Assert.Contains(events, e => e.Type == "job.completed");

        var overSse = await Node.SubmitChatAsync("lag over SSE");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/jobs/{overSse}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Node.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watching.Token);
        Assert.Contains("event: job.completed", await response.Content.ReadAsStringAsync(watching.Token)); // the stream ends after it

        // Only events that happened while the client watched count: at least each job's end.
        await ScrapeUntilAsync(t =>
            PrometheusText.Sum(t, "eco_stream_lag_milliseconds_count", "transport=\"websocket\"") >= 1
            && PrometheusText.Sum(t, "eco_stream_lag_milliseconds_count", "transport=\"sse\"") >= 1,
            "the lag of events sent over a WebSocket and over SSE");
    }
}
