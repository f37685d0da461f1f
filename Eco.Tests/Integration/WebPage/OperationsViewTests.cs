using System.Text.RegularExpressions;
using Eco.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eco.Tests.Integration.WebPage;

/// <summary>The operations view at <c>/</c> on the management port, in a real headless Chromium against a real standalone node.</summary>
[Trait("Category", "Integration")]
public sealed class OperationsViewTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(60_000);
        _node = await TestNode.StartAsync(_dir.Path, TimeSpan.FromMilliseconds(5));
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
    public async Task Operations_AdminToken_ShowsTheMemberItsShardsAndProvidersAndUsageMovesWithAJob()
    {
        var page = await OpenAsync(_node.AdminToken);

        var member = page.Locator("#members tr[data-node]");
        await Expect(member).ToHaveCountAsync(1);
        await Expect(member.Locator("[data-field=status]")).ToHaveTextAsync("up");
        await Expect(member.Locator("[data-field=leader]")).ToHaveTextAsync("★");
        await Expect(page.Locator("#cluster-note")).ToContainTextAsync("Standalone node");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "ok");
        var local = page.Locator("#providers tr[data-provider=local]");
        await Expect(local.Locator("[data-field=state]")).ToHaveTextAsync("in_use");
        await Expect(local.Locator("[data-field=in_chain]")).ToHaveTextAsync("yes");
        var callsBefore = await CallsAsync(page);

        var jobId = await _node.SubmitChatAsync("종이컵은 어디에 버려요?");
        await _node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));

        // Polled, not reloaded: the usage row and the shard that ran the job show up on their own.
        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"#usage tr[data-provider=local] [data-field=calls]\")?.textContent) > {callsBefore}",
            null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#usage tr[data-provider=local] [data-field=p95]")).ToHaveTextAsync(new Regex(@"^[0-9.]+$"));
        await Expect(page.Locator("#usage tr[data-provider=local] [data-field=failures]")).ToHaveTextAsync("0");
        await Expect(member.Locator("[data-field=shards]")).ToHaveTextAsync(new Regex("^[0-9]+( [0-9]+)*$"));
        await Expect(page.Locator("#shards tr[data-node] [data-field=here]")).ToHaveTextAsync(new Regex("^[0-9]+"));
        await Expect(page.Locator("#jobs-summary")).ToHaveAttributeAsync("data-local", new Regex("^[0-9]+$"));

        await Expect(page.Locator("#jobs [data-field=empty]")).ToHaveTextAsync("no unfinished jobs");
        await page.FillAsync("#job-id", jobId);
        await page.ClickAsync("#job-lookup button");
        await Expect(page.Locator("#job tr[data-field=status] [data-field=value]")).ToHaveTextAsync("completed");

        await page.ScreenshotAsync(new() { Path = HeadlessChromium.DocsPath("web-ops.png"), FullPage = true });
    }

    [Fact]
    public async Task Operations_JobInFlight_IsListedAndItsShowButtonLooksItUp()
    {
        // A model that takes seconds per token keeps the job in flight while the page polls.
        using var dir = new TempDirectory();
        await using var slow = await TestNode.StartAsync(dir.Path, TimeSpan.FromSeconds(10));
        var page = await OpenAsync(slow.AdminToken, node: slow);
        await Expect(page.Locator("#jobs [data-field=empty]")).ToHaveTextAsync("no unfinished jobs");

        var jobId = await slow.SubmitChatAsync("종이컵은 어디에 버려요?");
        var row = page.Locator($"#jobs tr[data-job='{jobId}']");
        await Expect(row).ToHaveCountAsync(1); // polled, not reloaded
        await row.Locator("button").ClickAsync();
        await Expect(page.Locator("#job-id")).ToHaveValueAsync(jobId);
        await Expect(page.Locator("#job tr[data-field=status] [data-field=value]")).ToHaveTextAsync("running");
        await Expect(page.Locator("#job tr[data-field=job_id] [data-field=value]")).ToHaveTextAsync(jobId);
    }

    [Fact]
    public async Task Operations_UserToken_ShowsTheRefusalAndNoData()
    {
        var page = await OpenAsync(_node.UserToken);

        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "refused");
        await Expect(page.Locator("#status")).ToContainTextAsync("refused (403): this needs an admin's token");
        await Expect(page.Locator("#members tr[data-node]")).ToHaveCountAsync(0);

        // The right token, pasted over the refused one, is used at once.
        await page.FillAsync("#token", _node.AdminToken);
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "ok");
        await Expect(page.Locator("#members tr[data-node]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Operations_NoToken_AsksForAnAdminsToken()
    {
        var page = await OpenAsync(token: null);
        await Expect(page.Locator("#status")).ToHaveTextAsync(new Regex(@"^refused \(401\): .*\(paste an admin's token: \./eco token --admin\)$"));

        await page.FillAsync("#token", "not-a-token");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "refused");
        await Expect(page.Locator("#status")).ToContainTextAsync("refused (401)");
        await Expect(page.Locator("#status")).ToContainTextAsync("paste a fresh ./eco token --admin");
    }

    [Fact]
    public async Task Operations_TabHidden_StopsPollingUntilShownAgain()
    {
        // The page's timers run on Playwright's clock: the test moves time on instead of waiting for it.
        var page = await OpenAsync(_node.AdminToken, fakeClock: true);
        var refreshes = page.Locator("body");
        await Expect(refreshes).ToHaveAttributeAsync("data-refreshes", "1");
        await page.Clock.RunForAsync(2_000);
        await Expect(refreshes).ToHaveAttributeAsync("data-refreshes", "2");

        await SetHiddenAsync(page, hidden: true);
        var asked = 0;
        page.Request += (_, request) => Interlocked.Increment(ref asked);
        await page.Clock.RunForAsync(20_000);
        Assert.Equal(0, Volatile.Read(ref asked));

        await SetHiddenAsync(page, hidden: false);
        await Expect(refreshes).ToHaveAttributeAsync("data-refreshes", "3"); // at once when shown, not after the next period
    }

    private static Task SetHiddenAsync(IPage page, bool hidden) => page.EvaluateAsync("""
        hidden => {
          Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
          document.dispatchEvent(new Event("visibilitychange"));
        }
        """, hidden);

    private async Task<IPage> OpenAsync(string? token, bool fakeClock = false, TestNode? node = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 760 } });
        var page = await context.NewPageAsync();
        if (fakeClock)
        {
            await page.Clock.InstallAsync();
        }
        await page.GotoAsync((node ?? _node).AdminUri.ToString());
        if (token is not null)
        {
            await page.FillAsync("#token", token);
        }
        return page;
    }

    private static async Task<long> CallsAsync(IPage page)
    {
        await Expect(page.Locator("#usage tbody tr").First).ToBeAttachedAsync(); // the first read is drawn
        var calls = page.Locator("#usage tr[data-provider=local] [data-field=calls]");
        return await calls.CountAsync() == 0 ? 0 : long.Parse((await calls.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
