using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eco.Actors.Jobs;
using Eco.Tests.Support;
using Microsoft.Playwright;

namespace Eco.Tests.Integration.WebPage;

/// <summary>A job's Server-Sent Events read by a real browser's <c>EventSource</c> (headless Chromium), through a proxy that
/// shows what the browser sent and can drop the connection mid-stream.</summary>
[Trait("Category", "Integration")]
public sealed partial class EventSourceTests : IAsyncLifetime
{
    // Slow enough that a job is still streaming when the test drops the connection.
    private static readonly TimeSpan TokenDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(90);

    private static readonly string[] Types =
    [
        JobEventTypes.Accepted, JobEventTypes.StageStarted, JobEventTypes.StageCompleted, JobEventTypes.StageFailed, JobEventTypes.Token,
        JobEventTypes.Completed, JobEventTypes.Failed, "llm.waiting", "llm.retry", "llm.fallback", "needs_input", "subagent.note",
    ];

    // EventSource dispatches an event by its `event:` name (the type), so every type gets a listener. The source is left to
    // stop by itself: when the server ends the response it reconnects with Last-Event-ID, and a 204 closes it for good.
    private const string Watch = """
        ([url, types]) => {
          const s = { events: [], opens: 0, closed: false };
          window.__sse = s;
          const source = new EventSource(url);
          source.addEventListener("open", () => s.opens++);
          for (const type of types) {
            source.addEventListener(type, e => s.events.push({ id: e.lastEventId, type: e.type, seq: JSON.parse(e.data).seq, connection: s.opens }));
          }
          source.addEventListener("error", () => { if (source.readyState === EventSource.CLOSED) s.closed = true; });
        }
        """;

    private readonly TempDirectory _dir = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private TestNode _node = null!;
    private CuttingProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(_dir.Path, TokenDelay);
        _proxy = new CuttingProxy(new IPEndPoint(IPAddress.Loopback, _node.BaseUri.Port));
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _proxy.DisposeAsync();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task EventSource_WholeJob_GetsSeqsOneToNOnceAndTheStreamEndsAfterTheTerminalEvent()
    {
        var page = await OpenAsync();
        var jobId = await _node.SubmitChatAsync("캔은 어떻게 버려요?");
        await StartWatchingAsync(page, jobId);
        await WaitUntilAsync(page, "() => window.__sse.closed");

        var seen = await SeenAsync(page);
        var journal = await _node.GetEventsAsync(jobId);
        Assert.True(JobEventTypes.IsTerminal(journal[^1].Type));
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), seen.Select(e => e.Seq));
        Assert.All(seen, e => Assert.Equal(e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id));
        Assert.Equal(journal.Select(e => e.Type), seen.Select(e => e.Type));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__sse.opens"));

        // The server ended the response after the terminal event; the browser asked again after it and was told there is no more.
        var asks = EventRequests(jobId);
        Assert.Equal(2, asks.Count);
        Assert.Null(LastEventId(asks[0]));
        Assert.Equal(journal.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), LastEventId(asks[1]));
    }

    [Fact]
    public async Task EventSource_ConnectionDroppedMidStream_ReconnectsWithLastEventIdAndMissesNothing()
    {
        var page = await OpenAsync();
        var jobId = await _node.SubmitChatAsync("스티로폼 박스는요?");
        await StartWatchingAsync(page, jobId);
        await WaitUntilAsync(page, "() => window.__sse.events.length >= 3");

        _proxy.CutOpenConnections();
        await WaitUntilAsync(page, "() => window.__sse.closed");

        var seen = await SeenAsync(page);
        var journal = await _node.GetEventsAsync(jobId);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), seen.Select(e => e.Seq)); // no hole, no duplicate
        var beforeDrop = seen.Where(e => e.Connection == 1).Select(e => e.Seq).Max();
        Assert.True(beforeDrop < journal.Count, $"the drop came after the job's last event (seq {beforeDrop} of {journal.Count})");
        Assert.Equal(beforeDrop + 1, seen.First(e => e.Connection == 2).Seq);

        // What the browser itself sent: a first request with no Last-Event-ID, then one resuming after the last event it had.
        var asks = EventRequests(jobId);
        Assert.True(asks.Count >= 2, string.Join("\n\n", asks));
        Assert.Null(LastEventId(asks[0]));
        Assert.Equal(beforeDrop.ToString(System.Globalization.CultureInfo.InvariantCulture), LastEventId(asks[1]));
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.__sse.opens"));
    }

    private sealed record Seen(string Id, string Type, long Seq, int Connection);

    private async Task<IPage> OpenAsync()
    {
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"http://{_proxy.Endpoint}/"); // the page's origin is the proxy's, so EventSource goes through it
        return page;
    }

    private Task StartWatchingAsync(IPage page, string jobId) =>
        page.EvaluateAsync(Watch, new object[] { $"/v1/jobs/{jobId}/events?access_token={Uri.EscapeDataString(_node.UserToken)}", Types });

    private static Task WaitUntilAsync(IPage page, string condition) =>
        page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)StreamWait.TotalMilliseconds });

    private static async Task<List<Seen>> SeenAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__sse.events)");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => new Seen(
            e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("seq").GetInt64(), e.GetProperty("connection").GetInt32()))];
    }

    private List<string> EventRequests(string jobId) =>
        [.. _proxy.HttpRequests.Where(r => r.StartsWith($"GET /v1/jobs/{jobId}/events?", StringComparison.Ordinal))];

    private static string? LastEventId(string request) => LastEventIdHeader().Match(request) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^Last-Event-ID: *([^\r\n]*)\r?$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex LastEventIdHeader();
}
