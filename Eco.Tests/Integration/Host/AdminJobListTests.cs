using System.Net;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary><c>GET /admin/jobs</c> and <c>eco jobs list</c>: the journal's jobs, over real HTTP to a real node and the real CLI.</summary>
[Trait("Category", "Integration")]
public sealed class AdminJobListTests
{
    [Fact]
    public async Task ListJobs_OneStillRunning_UnfinishedShowsItAloneAndPagesReturnEveryJobOnceInIdOrder()
    {
        using var dir = new TempDirectory();
        var finished = new List<string>();
        await using (var fast = await TestNode.StartAsync(dir.Path))
        {
            foreach (var message in new[] { "페트병 버리는 법", "건전지는?", "우유팩은?" })
            {
                var job = await fast.SubmitChatAsync(message);
                await fast.WaitForEndAsync(job, TimeSpan.FromSeconds(30));
                finished.Add(job);
            }
        }
        // The same journal behind a model that takes seconds per token: the next job stays in flight for the whole test.
        await using var node = await TestNode.StartAsync(dir.Path, tokenDelay: TimeSpan.FromSeconds(10));
        var running = await node.SubmitChatAsync("종이컵은 어디에 버려요?");
        var all = finished.Append(running).Order(StringComparer.Ordinal).ToList();

        var unfinished = await ListAsync(node, "admin/jobs?unfinished=true");
        var row = Assert.Single(unfinished.GetProperty("jobs").EnumerateArray());
        Assert.Equal(running, row.GetProperty("job_id").GetString());
        Assert.False(row.GetProperty("finished").GetBoolean());
        Assert.True(row.GetProperty("last_seq").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Null, unfinished.GetProperty("next").ValueKind);

        var everything = await ListAsync(node, "admin/jobs");
        Assert.Equal(all, everything.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()));
        Assert.All(everything.GetProperty("jobs").EnumerateArray(),
            j => Assert.Equal(j.GetProperty("job_id").GetString() != running, j.GetProperty("finished").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, everything.GetProperty("next").ValueKind);

        // Pages of 3 over 4 jobs: a full page names its last id as the cursor, the short last page none.
        var paged = new List<string>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await ListAsync(node, $"admin/jobs?limit=3{(after is null ? "" : $"&after={after}")}");
            paged.AddRange(page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()!));
            after = page.GetProperty("next").GetString();
            pages++;
        }
        while (after is not null);
        Assert.Equal(all, paged);
        Assert.Equal(2, pages);

        var (jsonExit, json, jsonErr) = await EcoCommand.RunAsync("jobs", "list", "--unfinished", "--json", "--url", node.AdminUri.ToString(), "--token", node.AdminToken);
        Assert.True(jsonExit == 0, jsonErr);
        Assert.Equal([running], JsonDocument.Parse(json).RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()));

        var (tableExit, table, tableErr) = await EcoCommand.RunAsync("jobs", "list", "--limit", "2", "--url", node.AdminUri.ToString(), "--token", node.AdminToken);
        Assert.True(tableExit == 0, tableErr);
        Assert.Contains("LAST EVENT", table);
        Assert.Contains($"{all[0]}  finished", table);
        Assert.DoesNotContain(all[2], table);
        Assert.Contains($"more: eco jobs list --limit 2 --after {all[1]}", table);
    }

    [Fact]
    public async Task ListJobs_BadArgumentsWrongTokenOrPublicPort_AreRefusedWithTheReason()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path);
        foreach (var (query, reason) in new[]
        {
            ("limit=0", "limit must be a whole number from 1 to 500, got '0'"),
            ("limit=501", "limit must be a whole number from 1 to 500, got '501'"),
            ("limit=ten", "limit must be a whole number from 1 to 500, got 'ten'"),
            ("unfinished=yes", "unfinished must be true or false, got 'yes'"),
            ("after=not%20an%20id", "after must be a job id from a previous page's next: job id may contain only ASCII letters"),
        })
        {
            using var response = await node.Admin.GetAsync($"admin/jobs?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        }

        using var user = new HttpClient { BaseAddress = node.AdminUri };
        user.DefaultRequestHeaders.Authorization = new("Bearer", node.UserToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("admin/jobs")).StatusCode);
        using var adminOnPublicPort = node.ClientWith(node.AdminToken);
        Assert.Equal(HttpStatusCode.NotFound, (await adminOnPublicPort.GetAsync("admin/jobs")).StatusCode);

        var (refusedExit, _, refusedErr) = await EcoCommand.RunAsync("jobs", "list", "--url", node.AdminUri.ToString(), "--token", node.UserToken);
        Assert.Equal(2, refusedExit);
        Assert.Contains("the node refused (403): this needs an admin's token", refusedErr);
        var (badExit, _, badErr) = await EcoCommand.RunAsync("jobs", "list", "--limit", "0", "--url", node.AdminUri.ToString(), "--token", node.AdminToken);
        Assert.Equal(2, badExit);
        Assert.Contains("the node refused (400): limit must be a whole number from 1 to 500", badErr);
    }

    private static async Task<JsonElement> ListAsync(TestNode node, string path)
    {
        using var response = await node.Admin.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
