using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Eco.Host.Cli;

/// <summary><c>eco providers …</c>: the registry's commands (<see cref="ProviderRegistryCommands"/>) and <c>stats</c>, the providers' usage.</summary>
internal static class ProviderCommands
{
    private static readonly string[] TableFailures = ["rate_limited", "server_error", "timeout", "broken_stream", "bad_reply"];

    public static Command Create()
    {
        var providers = new Command("providers",
            "Model providers: register, update, retire and roll them back, set the fallback chain, see their states, history and usage.");
        foreach (var command in ProviderRegistryCommands.Create())
        {
            providers.Subcommands.Add(command);
        }
        providers.Subcommands.Add(Stats());
        return providers;
    }

    private static Command Stats()
    {
        var since = new Option<string>("--since") { Description = $"How far back: 30m, 1h, 2d (units {Durations.Units}).", DefaultValueFactory = _ => "1h" };
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("stats",
            "Calls, failures by kind, tokens in/out, latency p50/p95 and fallbacks per provider and model, from every node's journaled counts.")
        {
            since, url, json,
        };
        command.SetAction((parse, token) => ProviderRegistryCommands.SendAsync(url.From(parse), HttpMethod.Get,
            $"admin/providers/stats?since={Uri.EscapeDataString(parse.GetValue(since)!)}", null, parse.GetValue(json), view =>
        {
            var rows = view.GetProperty("providers").EnumerateArray().ToList();
            var window = $"since {view.GetProperty("since").GetDateTimeOffset():yyyy-MM-dd HH:mm} UTC";
            if (rows.Count == 0)
            {
                Console.WriteLine($"no model calls {window}");
                return;
            }
            Console.WriteLine(TextTable.Render(
                ["PROVIDER", "MODEL", "CALLS", "OK", "429", "5XX", "TIMEOUT", "BROKEN", "BAD REPLY", "TOKENS IN", "TOKENS OUT", "P50 MS", "P95 MS", "FALLBACKS"],
                rows.Select(r => (IReadOnlyList<string>)
                [
                    r.GetProperty("provider").GetString()!, r.GetProperty("model").GetString()!, Number(r, "calls"), Number(r, "ok"),
                    .. TableFailures.Select(kind => Number(r.GetProperty("failures"), kind)),
                    Number(r, "tokens_in"), Number(r, "tokens_out"), Ms(r.GetProperty("latency_p50_ms")), Ms(r.GetProperty("latency_p95_ms")),
                    Number(r, "fallbacks"),
                ])));
            Console.WriteLine($"{window}; a retry is another call; {view.GetProperty("latency_resolution").GetString()}");
            foreach (var row in rows)
            {
                var others = row.GetProperty("failures").EnumerateObject()
                    .Where(f => !TableFailures.Contains(f.Name) && f.Value.GetInt64() > 0).Select(f => $"{f.Name} {f.Value.GetInt64()}").ToList();
                if (others.Count > 0)
                {
                    Console.WriteLine($"{row.GetProperty("provider").GetString()}/{row.GetProperty("model").GetString()} also: {string.Join(", ", others)}");
                }
            }
        }, token));
        return command;
    }

    private static string Number(JsonElement element, string name) =>
        element.GetProperty(name).GetInt64().ToString("#,0", CultureInfo.InvariantCulture);

    private static string Ms(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) : "-";
}
