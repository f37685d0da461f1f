using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Eco.Host.Cli;

/// <summary><c>eco cluster show|leave|down</c>, <c>eco shards</c>, <c>eco jobs list|show</c>: the operator's palette, over a node's admin endpoint.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> Create()
    {
        var cluster = new Command("cluster", "Akka cluster membership: show members, make a node leave, or down a dead one.");
        cluster.Subcommands.Add(Show());
        cluster.Subcommands.Add(NodeAction("leave", "Make a node leave gracefully: it hands its shards off, then stops.", "leave"));
        cluster.Subcommands.Add(NodeAction("down", "Declare a node dead: it is removed now, its shard leases dropped, and the survivors take its shards (fenced).", "down"));
        yield return cluster;
        yield return Shards();
        var jobs = new Command("jobs", "Inspect jobs.");
        jobs.Subcommands.Add(JobList());
        jobs.Subcommands.Add(JobShow());
        yield return jobs;
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for scripts instead of a table." };

    private static Command Show()
    {
        var url = NodeAccess.Admin();
        var json = JsonOption();
        var command = new Command("show", "Members: status, reachability, roles, the leader, and the shards and entities each holds.") { url, json };
        command.SetAction((parse, token) => RunAsync(url.From(parse), async http =>
        {
            var body = await http.GetStringAsync("admin/cluster", token);
            if (parse.GetValue(json))
            {
                Console.WriteLine(body);
                return 0;
            }
            var view = JsonDocument.Parse(body).RootElement;
            Console.WriteLine($"mode {view.GetProperty("mode").GetString()}, {view.GetProperty("shard_count").GetInt32()} shards, " +
                $"leader {Text(view.GetProperty("leader"))}, asked node {view.GetProperty("self").GetString()}");
            Console.WriteLine(TextTable.Render(["NODE", "STATUS", "REACHABLE", "LEADER", "ADDRESS", "SHARDS", "ENTITIES"],
                view.GetProperty("nodes").EnumerateArray().Select(n => (IReadOnlyList<string>)
                [
                    n.GetProperty("node_id").GetString()!, n.GetProperty("status").GetString()!, n.GetProperty("reachable").GetBoolean() ? "yes" : "NO",
                    n.GetProperty("leader").GetBoolean() ? "*" : "", n.GetProperty("address").GetString()!,
                    n.GetProperty("shards").GetArrayLength().ToString(CultureInfo.InvariantCulture), Text(n.GetProperty("entities")),
                ])));
            if (view.GetProperty("unreachable").GetArrayLength() > 0)
            {
                Console.WriteLine($"unreachable: {Text(view.GetProperty("unreachable"))} (the Split Brain Resolver downs them if it lasts)");
            }
            if (view.GetProperty("stats_incomplete").GetBoolean())
            {
                Console.WriteLine("shard figures incomplete: a region did not answer in time (a node starting, leaving or unreachable)");
            }
            return 0;
        }, token));
        return command;
    }

    private static Command NodeAction(string name, string description, string action)
    {
        var node = new Argument<string>("node") { Description = "The node id." };
        var url = NodeAccess.Admin();
        var command = new Command(name, description) { node, url };
        command.SetAction((parse, token) => RunAsync(url.From(parse), async http =>
        {
            var id = parse.GetValue(node)!;
            using var response = await http.PostAsync($"admin/cluster/{action}/{Uri.EscapeDataString(id)}", null, token);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"eco: {action} refused ({(int)response.StatusCode}): {Problem(await response.Content.ReadAsStringAsync(token))}");
                return 2;
            }
            // Progress until the node is no longer a member (a leave hands its shards off first; a down removes it at once).
            for (var waited = 0; waited < 60; waited++)
            {
                var view = JsonDocument.Parse(await http.GetStringAsync("admin/cluster", token)).RootElement;
                var member = view.GetProperty("nodes").EnumerateArray().FirstOrDefault(n => n.GetProperty("node_id").GetString() == id);
                if (member.ValueKind == JsonValueKind.Undefined)
                {
                    Console.WriteLine($"{id}: {(action == "down" ? "downed" : "left")}; its shards moved to the other nodes");
                    return 0;
                }
                Console.Error.WriteLine($"  {id}: {member.GetProperty("status").GetString()}, {member.GetProperty("shards").GetArrayLength()} shard(s)");
                await Task.Delay(1000, token);
            }
            Console.Error.WriteLine($"eco: {id} is still a member after 60 s");
            return 1;
        }, token));
        return command;
    }

    private static Command Shards()
    {
        var url = NodeAccess.Admin();
        var json = JsonOption();
        var command = new Command("shards", "How shards and live entities are spread over the nodes.") { url, json };
        command.SetAction((parse, token) => RunAsync(url.From(parse), async http =>
        {
            var body = await http.GetStringAsync("admin/shards", token);
            if (parse.GetValue(json))
            {
                Console.WriteLine(body);
                return 0;
            }
            var view = JsonDocument.Parse(body).RootElement;
            Console.WriteLine(TextTable.Render(["NODE", "SHARDS", "ACTIVE ENTITIES"],
                view.GetProperty("nodes").EnumerateArray().Select(n => (IReadOnlyList<string>)
                [
                    n.GetProperty("node_id").GetString()!, n.GetProperty("shards").GetInt32().ToString(CultureInfo.InvariantCulture),
                    n.GetProperty("active_entities").ValueKind == JsonValueKind.Number ? n.GetProperty("active_entities").GetInt32().ToString(CultureInfo.InvariantCulture) : "?",
                ])));
            Console.WriteLine($"{view.GetProperty("shards_in_use").GetInt32()} of {view.GetProperty("shard_count").GetInt32()} shards in use " +
                $"(a shard gets a node when first used): {view.GetProperty("spread").GetString()}");
            return 0;
        }, token));
        return command;
    }

    private static Command JobList()
    {
        var unfinished = new Option<bool>("--unfinished") { Description = "Only the jobs in flight: those without a terminal event yet." };
        var limit = new Option<int?>("--limit") { Description = "At most this many jobs, 1 to 500 (default 100)." };
        var after = new Option<string?>("--after") { Description = "Start after this job id: the 'next' of the previous page." };
        var url = NodeAccess.Admin();
        var json = JsonOption();
        var command = new Command("list", "The journal's jobs (every node's), oldest first, a page at a time: id, state, last seq and when its last event was written.")
        {
            unfinished, limit, after, url, json,
        };
        command.SetAction((parse, token) =>
        {
            var target = url.From(parse);
            return RunAsync(target, async http =>
            {
                var query = new List<string> { $"unfinished={(parse.GetValue(unfinished) ? "true" : "false")}" };
                if (parse.GetValue(limit) is { } n)
                {
                    query.Add($"limit={n.ToString(CultureInfo.InvariantCulture)}");
                }
                if (parse.GetValue(after) is { } cursor)
                {
                    query.Add($"after={Uri.EscapeDataString(cursor)}");
                }
                using var response = await http.GetAsync($"admin/jobs?{string.Join('&', query)}", token);
                var body = await response.Content.ReadAsStringAsync(token);
                if (!response.IsSuccessStatusCode)
                {
                    var reason = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? Refusal(target, response.StatusCode) : Problem(body);
                    Console.Error.WriteLine($"eco: the node refused ({(int)response.StatusCode}): {reason}");
                    return 2;
                }
                if (parse.GetValue(json))
                {
                    Console.WriteLine(body);
                    return 0;
                }
                var view = JsonDocument.Parse(body).RootElement;
                var now = DateTimeOffset.UtcNow;
                Console.WriteLine(TextTable.Render(["JOB", "STATE", "LAST SEQ", "LAST EVENT"], view.GetProperty("jobs").EnumerateArray().Select(j => (IReadOnlyList<string>)
                [
                    j.GetProperty("job_id").GetString()!, j.GetProperty("finished").GetBoolean() ? "finished" : "running",
                    j.GetProperty("last_seq").GetInt64().ToString(CultureInfo.InvariantCulture), Age(now - j.GetProperty("updated_at").GetDateTimeOffset()),
                ])));
                if (view.GetProperty("next").GetString() is { } next)
                {
                    var again = (parse.GetValue(unfinished) ? " --unfinished" : "") + (parse.GetValue(limit) is { } size ? $" --limit {size}" : "");
                    Console.WriteLine($"more: eco jobs list{again} --after {next}");
                }
                return 0;
            }, token);
        });
        return command;
    }

    /// <summary>How long ago, in the largest unit that reads well.</summary>
    private static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 120 => $"{Math.Max(0, (int)age.TotalSeconds)} s ago",
        < 7200 => $"{(int)age.TotalMinutes} min ago",
        < 172_800 => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} d ago",
    };

    private static Command JobShow()
    {
        var job = new Argument<string>("job") { Description = "The job id." };
        var url = NodeAccess.Admin();
        var json = JsonOption();
        var command = new Command("show", "A job's owner, state and latest events.") { job, url, json };
        command.SetAction((parse, token) => RunAsync(url.From(parse), async http =>
        {
            var id = Uri.EscapeDataString(parse.GetValue(job)!);
            using var response = await http.GetAsync($"admin/jobs/{id}", token);
            var body = await response.Content.ReadAsStringAsync(token);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"eco: {Problem(body)}");
                return 2;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(body);
                return 0;
            }
            var view = JsonDocument.Parse(body).RootElement;
            Console.WriteLine(TextTable.Render(["FIELD", "VALUE"], view.EnumerateObject().Select(p => (IReadOnlyList<string>)[p.Name, Text(p.Value)])));
            var events = await http.GetFromJsonAsync<JsonElement>($"admin/jobs/{id}/events", token);
            Console.WriteLine();
            Console.WriteLine(TextTable.Render(["SEQ", "TYPE", "STAGE", "TS"], events.EnumerateArray().TakeLast(15).Select(e => (IReadOnlyList<string>)
            [
                e.GetProperty("seq").GetInt64().ToString(CultureInfo.InvariantCulture), e.GetProperty("type").GetString()!,
                e.TryGetProperty("stage", out var s) ? s.GetString()! : "", e.GetProperty("ts").GetString()!,
            ])));
            return 0;
        }, token));
        return command;
    }

    internal static async Task<int> RunAsync(NodeTarget target, Func<HttpClient, Task<int>> action, CancellationToken cancellationToken)
    {
        using var http = target.CreateClient(TimeSpan.FromSeconds(30));
        await using var cancel = cancellationToken.Register(http.CancelPendingRequests); // Ctrl+C stops a request under way
        try
        {
            return await action(http);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            await Console.Error.WriteLineAsync($"eco: the node refused ({(int)ex.StatusCode}): {Refusal(target, ex.StatusCode.Value)}");
            return 2;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is not null)
        {
            await Console.Error.WriteLineAsync($"eco: the node answered {(int)ex.StatusCode} at {target.Url} ({ex.Message})");
            return 2;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"eco: cannot reach a node at {target.Url} ({ex.Message})");
            return 2;
        }
    }

    /// <summary>What to do about a 401 or 403 from the admin endpoint.</summary>
    internal static string Refusal(NodeTarget target, HttpStatusCode status) => status == HttpStatusCode.Forbidden
        ? "this needs an admin's token (eco token --admin prints one)"
        : target.UnauthorizedHint;

    internal static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "-",
        _ => value.GetRawText(),
    };

    internal static string Problem(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }
}
