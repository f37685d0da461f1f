using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary><c>eco_websocket_clients</c> on a real scrape: it counts a stream while the client holds it open and forgets it once
/// the client goes away.</summary>
/// <remarks>The node's model takes a minute to its first token, so the job runs for the whole test and its stream stays open for
/// as long as the client keeps it (an ended job's stream closes by itself, which would race the scrape). The count is exact, so
/// the test runs alone: see <see cref="ProcessWideMetricsCollection"/>.</remarks>
[Trait("Category", "Integration")]
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class WebSocketClientsGaugeTests() : NodeTest(TimeSpan.FromMinutes(1))
{
    [Fact]
    public async Task Gauge_CountsAnOpenStream_AndForgetsItOnceTheClientLeaves()
    {
        var jobId = await Node.SubmitChatAsync("a stream to count");
        await PrometheusText.ScrapeUntilAsync(Node, t => PrometheusText.Sum(t, "eco_websocket_clients") == 0, "no stream before the client connects");

        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var firstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Node.WatchAsync(jobId, 0, watching.Token, _ =>
        {
            firstEvent.TrySetResult();
            return Task.CompletedTask;
        });
        await firstEvent.Task.WaitAsync(watching.Token);
        await PrometheusText.ScrapeUntilAsync(Node, t => PrometheusText.Sum(t, "eco_websocket_clients") == 1, "one open stream");

        await watching.CancelAsync(); // the client goes away mid-job
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);
        await PrometheusText.ScrapeUntilAsync(Node, t => PrometheusText.Sum(t, "eco_websocket_clients") == 0, "the stream to be forgotten");
    }
}
