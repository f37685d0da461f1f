using System.CommandLine;
using System.Net;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eco.Host.Cli;

/// <summary><c>eco providers list|show|add|update|retire|history|rollback|chain</c>: the provider registry, over a node's admin endpoint.</summary>
internal static class ProviderRegistryCommands
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<Command> Create()
    {
        yield return List();
        yield return Show();
        yield return Add();
        yield return Update();
        yield return Retire();
        yield return History();
        yield return Rollback();
        yield return Chain();
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The provider's name." };

    private static Command List()
    {
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("list", "Providers with their kind, model, settings version and state, and the fallback chain.") { url, json };
        command.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Get, "admin/providers", null, parse.GetValue(json), view =>
        {
            Console.WriteLine(TextTable.Render(["NAME", "KIND", "MODEL", "VERSION", "STATE", "SINCE", "REASON"],
                view.GetProperty("providers").EnumerateArray().Select(p => (IReadOnlyList<string>)
                [
                    p.GetProperty("name").GetString()!, p.GetProperty("kind").GetString()!, AdminCommands.Text(p.GetProperty("model")),
                    $"v{p.GetProperty("version").GetInt32()}", p.GetProperty("state").GetString()!, When(p.GetProperty("state_since")),
                    p.GetProperty("state_reason").GetString()!,
                ])));
            PrintChain(view.GetProperty("chain"));
        }, token));
        return command;
    }

    private static Command Show()
    {
        var name = NameArgument();
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("show", "One provider: its state, settings in force (API keys appear only as references) and its state changes.") { name, url, json };
        command.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Get, $"admin/providers/{Escape(parse.GetValue(name)!)}", null, parse.GetValue(json),
            PrintDetail, token));
        return command;
    }

    private static Command Add()
    {
        var name = NameArgument();
        var settings = new SettingsOptions();
        var wait = new Option<bool>("--wait") { Description = "Wait until its first probes decide: ready (active or in use) or error (not ready within its ready timeout)." };
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("add", "Register a provider (version 1). It is probed at once and becomes active when it answers.") { name, wait, url, json };
        settings.AddTo(command, kindDefault: "openai");
        command.SetAction((parse, token) => AdminCommands.RunAsync(url.From(parse), async http =>
        {
            var body = settings.Read(parse, includeKind: true);
            if (body is null)
            {
                return 2;
            }
            body["name"] = parse.GetValue(name);
            var exit = await SendAsync(url.From(parse), http, HttpMethod.Post, "admin/providers", body, parse.GetValue(json), PrintDetail, token);
            return exit == 0 && parse.GetValue(wait) ? await WaitReadyAsync(http, parse.GetValue(name)!, token) : exit;
        }, token));
        return command;
    }

    private static Command Update()
    {
        var name = NameArgument();
        var settings = new SettingsOptions();
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("update", "Change a provider's settings: a new version; the previous one stays in its history.") { name, url, json };
        settings.AddTo(command, kindDefault: null);
        command.SetAction((parse, token) => AdminCommands.RunAsync(url.From(parse), async http =>
        {
            var body = settings.Read(parse, includeKind: false);
            if (body is null)
            {
                return 2;
            }
            if (body.Count == 0)
            {
                Console.Error.WriteLine("eco: nothing to change; give at least one setting (see --help)");
                return 2;
            }
            return await SendAsync(url.From(parse), http, HttpMethod.Patch, $"admin/providers/{Escape(parse.GetValue(name)!)}", body, parse.GetValue(json), PrintDetail, token);
        }, token));
        return command;
    }

    private static Command Retire()
    {
        var name = NameArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, kept with its history." };
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("retire", "Take a provider out of service for good; it keeps its history. Refused while the chain names it.") { name, reason, url, json };
        command.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Post, $"admin/providers/{Escape(parse.GetValue(name)!)}/retire",
            new JsonObject { ["reason"] = parse.GetValue(reason) }, parse.GetValue(json), PrintDetail, token));
        return command;
    }

    private static Command History()
    {
        var name = NameArgument();
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("history", "Every version of a provider's settings, with what changed from the one before.") { name, url, json };
        command.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Get, $"admin/providers/{Escape(parse.GetValue(name)!)}/history", null,
            parse.GetValue(json), view =>
            {
                var current = view.GetProperty("current").GetInt32();
                JsonObject? previous = null;
                var rows = new List<IReadOnlyList<string>>();
                foreach (var version in view.GetProperty("versions").EnumerateArray())
                {
                    var settings = JsonNode.Parse(version.GetProperty("settings").GetRawText())!.AsObject();
                    var number = version.GetProperty("version").GetInt32();
                    rows.Add([$"v{number}{(number == current ? " *" : "")}", When(version.GetProperty("at")), version.GetProperty("reason").GetString()!,
                        previous is null ? "(first)" : Changes(previous, settings)]);
                    previous = settings;
                }
                Console.WriteLine(TextTable.Render(["VERSION", "AT", "REASON", "CHANGED"], rows));
                Console.WriteLine("* in force; `eco providers rollback NAME --to V` restores a version as a new one");
            }, token));
        return command;
    }

    private static Command Rollback()
    {
        var name = NameArgument();
        var to = new Option<int>("--to") { Description = "The version whose settings to restore.", Required = true };
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("rollback", "Restore the settings of an earlier version (kept as a new version, so the rollback is in the history too).") { name, to, url, json };
        command.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Post, $"admin/providers/{Escape(parse.GetValue(name)!)}/rollback",
            new JsonObject { ["to"] = parse.GetValue(to) }, parse.GetValue(json), PrintDetail, token));
        return command;
    }

    private static Command Chain()
    {
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var chain = new Command("chain", "The fallback chain: `eco providers chain` shows it, `eco providers chain set A B …` sets it.") { url, json };
        chain.SetAction((parse, token) => SendAsync(url.From(parse), HttpMethod.Get, "admin/chain", null, parse.GetValue(json), PrintChain, token));
        var names = new Argument<string[]>("providers") { Description = "Provider names, first choice first.", Arity = ArgumentArity.OneOrMore };
        var setUrl = NodeAccess.Admin();
        var setJson = AdminCommands.JsonOption();
        var set = new Command("set", "Set the fallback chain; every node uses it for its next call (within a second).") { names, setUrl, setJson };
        set.SetAction((parse, token) => SendAsync(setUrl.From(parse), HttpMethod.Put, "admin/chain",
            new JsonObject { ["chain"] = new JsonArray([.. parse.GetValue(names)!.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(n => (JsonNode)n)]) },
            parse.GetValue(setJson), PrintChain, token));
        chain.Subcommands.Add(set);
        return chain;
    }

    /// <summary>Sends one request to a node's admin endpoint: a refusal is printed with its reason (exit 2), an answer as JSON with
    /// <paramref name="json"/>, else by <paramref name="print"/>.</summary>
    internal static Task<int> SendAsync(NodeTarget target, HttpMethod method, string path, JsonObject? body, bool json, Action<JsonElement> print, CancellationToken token) =>
        AdminCommands.RunAsync(target, http => SendAsync(target, http, method, path, body, json, print, token), token);

    private static async Task<int> SendAsync(NodeTarget target, HttpClient http, HttpMethod method, string path, JsonObject? body, bool json, Action<JsonElement> print, CancellationToken token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request, token);
        var text = await response.Content.ReadAsStringAsync(token);
        if (!response.IsSuccessStatusCode)
        {
            var reason = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $"{AdminCommands.Problem(text)}; {AdminCommands.Refusal(target, response.StatusCode)}" : AdminCommands.Problem(text);
            Console.Error.WriteLine($"eco: refused ({(int)response.StatusCode}): {reason}");
            return 2;
        }
        if (json)
        {
            Console.WriteLine(text);
        }
        else
        {
            print(JsonDocument.Parse(text).RootElement);
        }
        return 0;
    }

    /// <summary>Progress until the provider's first probes decide, bounded by its ready timeout (and a margin for probing).</summary>
    private static async Task<int> WaitReadyAsync(HttpClient http, string name, CancellationToken token)
    {
        var started = DateTimeOffset.UtcNow;
        string? last = null;
        while (true)
        {
            var view = JsonDocument.Parse(await http.GetStringAsync($"admin/providers/{Escape(name)}", token)).RootElement;
            var state = view.GetProperty("provider").GetProperty("state").GetString()!;
            var reason = view.GetProperty("provider").GetProperty("state_reason").GetString()!;
            if (state != last)
            {
                Console.Error.WriteLine($"  {name}: {state} ({reason}), {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
                last = state;
            }
            if (state != "registered")
            {
                return state == "error" ? 1 : 0;
            }
            var ready = TimeSpan.Parse(view.GetProperty("settings").GetProperty("ready_timeout").GetString()!, CultureInfo.InvariantCulture);
            if (DateTimeOffset.UtcNow - started > ready + TimeSpan.FromMinutes(1))
            {
                Console.Error.WriteLine($"eco: {name} is still registered {ready + TimeSpan.FromMinutes(1)} after it was added; is the registry probing?");
                return 1;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), token);
        }
    }

    private static void PrintDetail(JsonElement view)
    {
        var p = view.GetProperty("provider");
        Console.WriteLine($"{p.GetProperty("name").GetString()}  v{p.GetProperty("version").GetInt32()}  {p.GetProperty("state").GetString()} since " +
            $"{When(p.GetProperty("state_since"))} ({p.GetProperty("state_reason").GetString()}){(p.GetProperty("in_chain").GetBoolean() ? ", in the chain" : "")}");
        Console.WriteLine(JsonSerializer.Serialize(view.GetProperty("settings"), Pretty));
        var transitions = view.GetProperty("transitions");
        if (transitions.GetArrayLength() > 0)
        {
            Console.WriteLine(TextTable.Render(["AT", "FROM", "TO", "REASON"], transitions.EnumerateArray().Select(t => (IReadOnlyList<string>)
                [When(t.GetProperty("at")), t.GetProperty("from").GetString()!, t.GetProperty("to").GetString()!, t.GetProperty("reason").GetString()!])));
        }
    }

    private static void PrintChain(JsonElement chain)
    {
        var configured = string.Join(" → ", chain.GetProperty("chain").EnumerateArray().Select(n => n.GetString()));
        var effective = string.Join(" → ", chain.GetProperty("effective").EnumerateArray().Select(n => n.GetString()));
        Console.WriteLine($"chain v{chain.GetProperty("version").GetInt32()}: {configured}" + (effective == configured ? "" : $"  (in effect: {effective}; the others are not serving)"));
    }

    /// <summary>The settings fields that differ between two versions, as <c>field: old → new</c>.</summary>
    private static string Changes(JsonObject before, JsonObject after)
    {
        var changes = new StringBuilder();
        Diff("", before, after, changes);
        return changes.Length == 0 ? "(same settings)" : changes.ToString();
    }

    private static void Diff(string prefix, JsonObject before, JsonObject after, StringBuilder changes)
    {
        foreach (var key in before.Select(kv => kv.Key).Union(after.Select(kv => kv.Key)))
        {
            var (a, b) = (before[key], after[key]);
            if (a is JsonObject innerA && b is JsonObject innerB)
            {
                Diff($"{prefix}{key}.", innerA, innerB, changes);
            }
            else if (!JsonNode.DeepEquals(a, b))
            {
                changes.Append(changes.Length > 0 ? ", " : "").Append($"{prefix}{key}: {a?.ToJsonString() ?? "-"} → {b?.ToJsonString() ?? "-"}");
            }
        }
    }

    private static string When(JsonElement at) => at.GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Escape(string name) => Uri.EscapeDataString(name);
}
