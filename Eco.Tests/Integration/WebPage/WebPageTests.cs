using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eco.FakeLlm;
using Eco.Host;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eco.Tests.Integration.WebPage;

/// <summary>The chat page at <c>/</c> in a real headless Chromium (Debian's, which scripts/test.sh installs) against a real node.</summary>
[Trait("Category", "Integration")]
public sealed class WebPageTests : IAsyncLifetime
{
    private static readonly TimeSpan TokenDelay = TimeSpan.FromMilliseconds(30);

    private readonly TempDirectory _dir = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        // A job streams for seconds on a loaded machine: the expectations wait on conditions, up to a minute.
        SetDefaultExpectTimeout(60_000);
        _node = await TestNode.StartAsync(_dir.Path, TokenDelay);
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Chat_KoreanQuestion_StreamsTheFinalAnswerAndDrawsTheStages()
    {
        var page = await OpenAsync();
        await AskAsync(page, "깨진 유리컵은 어디에 버려요?");

        var answer = page.Locator("#messages li.assistant").Last;
        // Text shows before the job ends: the answer streams in.
        await Expect(page.Locator("#events li[data-type=token]").First).ToBeAttachedAsync();
        await Expect(answer).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");

        var jobId = await answer.GetAttributeAsync("data-job-id");
        var events = await _node.GetEventsAsync(jobId!);
        var final = JsonDocument.Parse(events[^1].Raw).RootElement.GetProperty("data").GetProperty("answer").GetString();
        Assert.Equal("job.completed", events[^1].Type);
        Assert.Equal(final, await answer.TextContentAsync());
        Assert.Null(await answer.GetAttributeAsync("data-replaced")); // the streamed text alone made the whole answer

        Assert.Equal(events.Select(e => e.Seq.ToString(CultureInfo.InvariantCulture)), await SeqsAsync(page));
        var stages = events.Where(e => e.Type == "stage.started").Select(e => e.Stage!).Distinct().ToList();
        Assert.Contains(stages, s => s.StartsWith("agent.", StringComparison.Ordinal));
        Assert.Equal(stages, await page.Locator("#gantt .row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.stage)"));
        Assert.Equal(stages.Count, await page.Locator("#gantt .row .bar:not(.running)").CountAsync());

        await page.ScreenshotAsync(new() { Path = HeadlessChromium.DocsPath("web-page.png") });
    }

    [Fact]
    public async Task Stream_DroppedMidAnswer_ResumesWithNoDuplicateOrHole()
    {
        var page = await OpenAsync();
        await AskAsync(page, "페트병은 어떻게 버려요?");
        await Expect(page.Locator("#events li[data-type=token]").First).ToBeAttachedAsync();

        await page.EvaluateAsync("() => window.__sockets.at(-1).close(4000, 'dropped by the test')");

        var note = page.Locator("#events li[data-note=reconnect]");
        await Expect(note).ToHaveTextAsync(new Regex("^reconnected after seq [0-9]+$"));
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        var jobId = await page.Locator("#messages li.assistant").Last.GetAttributeAsync("data-job-id");
        var events = await _node.GetEventsAsync(jobId!);
        Assert.Equal(events.Select(e => e.Seq.ToString(CultureInfo.InvariantCulture)), await SeqsAsync(page));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        var resumedAfter = long.Parse((await note.TextContentAsync())!["reconnected after seq ".Length..], CultureInfo.InvariantCulture);
        Assert.True(resumedAfter < events.Count, $"the drop came after the job ended (seq {resumedAfter} of {events.Count})");
    }

    [Fact]
    public async Task Stream_EventMissedOnTheSocket_IsReadFromTheJournalBeforeGoingOn()
    {
        var page = await OpenAsync(skipSeq: 3);
        await AskAsync(page, "우유팩 버리는 법");

        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        var jobId = await page.Locator("#messages li.assistant").Last.GetAttributeAsync("data-job-id");
        var events = await _node.GetEventsAsync(jobId!);
        Assert.Equal(events.Select(e => e.Seq.ToString(CultureInfo.InvariantCulture)), await SeqsAsync(page));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__skipped"));
    }

    [Fact]
    public async Task Photo_Attached_IsUploadedAndScanned_WithItsPreviewAndAnswer_AndTheFriendItMadeIsShown()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. new byte[200]];
        // A user of its own, whose collection starts empty.
        var user = _node.Tokens.Issue("web-photo", admin: false, TimeSpan.FromHours(1)).Token;
        var page = await OpenAsync(_node, token: user);
        await Expect(page.Locator("#friends")).ToBeHiddenAsync();
        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "pet_bottle.jpg", MimeType = "image/jpeg", Buffer = jpeg });
        await Expect(page.Locator("#photo-chip")).ToBeVisibleAsync();
        await Expect(page.Locator("#photo-name")).ToHaveTextAsync("pet_bottle.jpg");
        await page.ClickAsync("#send");

        await Expect(page.Locator("#messages li.user img.thumbnail")).ToBeVisibleAsync();
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        await Expect(page.Locator("#photo-chip")).ToBeHiddenAsync(); // sent: the next message starts without it
        var answer = page.Locator("#messages li.assistant").Last;
        var jobId = await answer.GetAttributeAsync("data-job-id");
        using var owner = _node.ClientWith(user);
        var events = WireEvent.ParseArray(await owner.GetStringAsync($"v1/jobs/{jobId}/events"));
        var accepted = JsonDocument.Parse(events[0].Raw).RootElement.GetProperty("data");
        Assert.Equal("scan", accepted.GetProperty("kind").GetString());
        var imageId = accepted.GetProperty("image_id").GetString()!;
        Assert.Equal(jpeg, await owner.GetByteArrayAsync($"v1/images/{imageId}")); // the browser sent the file's bytes as they are
        Assert.Contains("페트병", Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "vision").Raw);
        Assert.Equal(JsonDocument.Parse(events[^1].Raw).RootElement.GetProperty("data").GetProperty("answer").GetString(), await answer.TextContentAsync());

        // The scan made a friend: the strip lists it, marked new.
        var reward = JsonDocument.Parse(Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "reward").Raw).RootElement;
        var character = reward.GetProperty("data").GetProperty("output").GetProperty("character").GetString()!;
        await Expect(page.Locator("#friends")).ToBeVisibleAsync();
        await Expect(page.Locator("#friends .friend.new")).ToHaveTextAsync(character);
        await Expect(page.Locator("#friends")).ToContainTextAsync("Friends 1/");
    }

    [Fact]
    public async Task Photos_AreListedWithTheAllowance_ScannedAgainFromTheList_AndDeleted()
    {
        var user = _node.Tokens.Issue("web-photos", admin: false, TimeSpan.FromHours(1)).Token;
        using var owner = _node.ClientWith(user);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. new byte[300]];
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[100]];
        var bottle = await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(owner, jpeg, "image/jpeg", "pet_bottle.jpg"));
        var can = await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(owner, png, "image/png", "can.png"));

        var page = await OpenAsync(_node, token: user);
        await Expect(page.Locator("#photos")).ToBeVisibleAsync();
        await page.ClickAsync("#photos summary");
        await Expect(page.Locator("#photo-list li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#photos-usage")).ToHaveTextAsync(
            $"2 · {ByteSizes.Describe(jpeg.Length + png.Length)} of {ByteSizes.Describe(200L * 1024 * 1024)}"); // the node's default allowance
        await Expect(page.Locator($"#photo-list li[data-image-id='{bottle}'] .name")).ToHaveTextAsync("pet_bottle.jpg");
        await Expect(page.Locator($"#photo-list li[data-image-id='{bottle}'] img")).ToHaveAttributeAsync("src", new Regex("^blob:")); // read with the token

        // Scanned again from the list: a scan of the stored photo by its id, nothing uploaded again.
        await page.ClickAsync($"#photo-list li[data-image-id='{bottle}'] button.scan");
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        var jobId = await page.Locator("#messages li.assistant").Last.GetAttributeAsync("data-job-id");
        var events = WireEvent.ParseArray(await owner.GetStringAsync($"v1/jobs/{jobId}/events"));
        Assert.Equal(bottle, JsonDocument.Parse(events[0].Raw).RootElement.GetProperty("data").GetProperty("image_id").GetString());
        Assert.Contains("페트병", Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "vision").Raw);

        await page.ClickAsync($"#photo-list li[data-image-id='{can}'] button.delete");
        await Expect(page.Locator("#photo-list li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#photos-usage")).ToHaveTextAsync($"1 · {ByteSizes.Describe(jpeg.Length)} of 200 MiB");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"v1/images/{can}")).StatusCode);
    }

    [Fact]
    public async Task Location_AskedFor_IsSentWithTheNextTurn()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#location-ask")).ToBeHiddenAsync();
        await AskAsync(page, "근처 재활용센터 알려줘");
        await Expect(page.Locator("#location-ask")).ToBeVisibleAsync();
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");

        await page.FillAsync("#latlon", "37.5665,126.9780");
        await page.ClickAsync("#latlon-set");
        await Expect(page.Locator("#location-chip")).ToBeVisibleAsync();
        await AskAsync(page, "여기야");
        await Expect(page.Locator("#messages li.assistant")).ToHaveCountAsync(2);
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        await Expect(page.Locator("#location-chip")).ToBeHiddenAsync();

        var conversation = await page.EvaluateAsync<string>("() => sessionStorage.getItem('eco.conversation')");
        var state = JsonDocument.Parse(await _node.Http.GetStringAsync($"v1/conversations/{conversation}")).RootElement;
        Assert.Equal(2, state.GetProperty("total_turns").GetInt32());
        Assert.Equal(37.5665, state.GetProperty("location").GetProperty("latitude").GetDouble(), 4);
    }

    [Fact]
    public async Task Timeline_RetryAndFallback_AreMarkedOnTheirStage()
    {
        // The remote provider answers 429 then 500: one retry, then the local model takes over.
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5),
            faults: FaultPlan.FromScript("429,500", "remote-model") with { RetryAfter = TimeSpan.FromMilliseconds(10) });
        var settings = FakeProvider.Chain(server, "remote-model");
        settings["Eco:Llm:Chain:1"] = "local";
        settings["Eco:Llm:Providers:p0:Limits:MaxRetries"] = "1";
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, TokenDelay, settings);
        var page = await OpenAsync(node);
        await AskAsync(page, "건전지는 어디에 버려요?");

        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-state", "completed");
        var jobId = await page.Locator("#messages li.assistant").Last.GetAttributeAsync("data-job-id");
        var events = await node.GetEventsAsync(jobId!);
        var notices = events.Where(e => e.Type is "llm.retry" or "llm.fallback").ToList();
        Assert.Contains(notices, e => e.Type == "llm.retry");
        Assert.Contains(notices, e => e.Type == "llm.fallback");
        foreach (var notice in notices)
        {
            await Expect(page.Locator($"#events li[data-seq='{notice.Seq}'][data-type='{notice.Type}']")).ToHaveCountAsync(1);
            await Expect(page.Locator($"#gantt .row[data-stage='{notice.Stage}'] .mark[data-type='{notice.Type}']").First).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Enter_WhileComposingKorean_DoesNotSend()
    {
        var page = await OpenAsync();
        await page.FillAsync("#message", "유리");
        // What an IME sends when Enter commits a syllable (headless typing has no IME to compose with).
        await page.Locator("#message").EvaluateAsync(
            "el => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }))");
        await page.Locator("#message").EvaluateAsync(
            "el => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true }))");
        await Expect(page.Locator("#message")).ToHaveValueAsync("유리");
        await Expect(page.Locator("#messages li")).ToHaveCountAsync(0);

        await page.Locator("#message").PressAsync("Enter");
        await Expect(page.Locator("#messages li.user")).ToHaveTextAsync("유리");
    }

    [Fact]
    public async Task Page_OnEachPort_IsTheChatPageOrTheOperationsViewWithEachScriptOnItsOwnPort()
    {
        using var http = new HttpClient();
        using var chat = await http.GetAsync(_node.BaseUri);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal("text/html", chat.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", chat.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/app.js", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var operations = await http.GetAsync(_node.AdminUri);
        Assert.Equal(HttpStatusCode.OK, operations.StatusCode);
        Assert.Equal("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            operations.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("/ops.js", await operations.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Each page's script on its own port; the style sheet on both. The chat page's script never calls /admin/*.
        using var script = await http.GetAsync(new Uri(_node.BaseUri, "app.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.DoesNotContain("/admin", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_node.AdminUri, "app.js"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_node.BaseUri, "ops.js"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(_node.AdminUri, "ops.js"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(_node.AdminUri, "app.css"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_node.BaseUri, "admin/cluster"))).StatusCode);
    }

    private Task<IPage> OpenAsync(int skipSeq = 0) => OpenAsync(_node, skipSeq);

    private async Task<IPage> OpenAsync(TestNode node, int skipSeq = 0, string? token = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 760 } });
        // Test hooks: every socket the page opens, so a test can drop one; and one event frame to swallow, to make a hole.
        await context.AddInitScriptAsync($$"""
            window.__sockets = [];
            window.__skipped = 0;
            const skipSeq = {{skipSeq}};
            const Native = window.WebSocket;
            window.WebSocket = class extends Native {
              constructor(...args) { super(...args); window.__sockets.push(this); }
              addEventListener(type, listener, options) {
                if (type !== "message") return super.addEventListener(type, listener, options);
                return super.addEventListener(type, m => {
                  if (skipSeq && window.__skipped === 0 && JSON.parse(m.data).seq === skipSeq) { window.__skipped = 1; return; }
                  listener(m);
                }, options);
              }
            };
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(node.BaseUri.ToString());
        await page.FillAsync("#token", token ?? node.UserToken);
        return page;
    }

    private static async Task AskAsync(IPage page, string message)
    {
        // Typed key by key, then Enter: the page must send on Enter (IME composition aside, which headless typing does not use).
        await page.Locator("#message").PressSequentiallyAsync(message);
        await page.Locator("#message").PressAsync("Enter");
        await Expect(page.Locator("#message")).ToHaveValueAsync("");
    }

    private static Task<string[]> SeqsAsync(IPage page) =>
        page.Locator("#events li[data-seq]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.seq)");
}
