using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Eco.Actors.Jobs;
using Eco.Host.Hosting;

namespace Eco.Host.Cli;

/// <summary>The <c>eco</c> command line: <c>serve</c> runs a node, <c>chat</c> and <c>scan</c> talk to one.</summary>
internal static class EcoCli
{
    /// <summary>Runs the command line; a usage error (a missing argument, an unknown option, a bad value) exits 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        var exit = await parse.InvokeAsync();
        // System.CommandLine reports usage errors with 1, which `eco chat` uses for "the job failed".
        return parse.Action is ParseErrorAction ? 2 : exit;
    }

    private static RootCommand Create()
    {
        var root = new RootCommand("Eco: event-sourced pipeline server for multi-agent LLM jobs (분리배출 도우미).");
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(ChatCommand());
        root.Subcommands.Add(ScanCommand());
        root.Subcommands.Add(ImageCommands.Create());
        root.Subcommands.Add(FakeLlmCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(ChaosCommand.Create());
        foreach (var command in AdminCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(ProviderCommands.Create());
        root.Subcommands.Add(TokenCommand.Create());
        foreach (var command in RevocationCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static Command ServeCommand()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory of the embedded SQLite journal (eco.db). Default ./data (or Eco:Journal:Sqlite:FilePath)." };
        var urls = new Option<string?>("--urls") { Description = $"Listen address(es), ';'-separated. Default {EcoServer.DefaultUrls}." };
        var config = new Option<string?>("--config") { Description = "Extra JSON configuration file (overrides config/eco.json; environment variables Eco__Section__Key override both)." };
        var command = new Command("serve", "Start an Eco node (embedded SQLite journal; no other services needed).") { dataDir, urls, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var app = EcoServer.Build(new EcoServer.Settings(parse.GetValue(dataDir), parse.GetValue(urls), parse.GetValue(config)));
                var watched = HostFailures.Watch(app.Services);
                await app.RunAsync(cancellationToken);
                var failures = watched.Failures;
                foreach (var (service, error) in failures)
                {
                    await Console.Error.WriteLineAsync($"eco serve: stopped because {service} failed: {error.Message}");
                }
                return failures.Count == 0 ? 0 : 1;
            }
            catch (Exception ex) when (StartupErrors.ConfigurationMistake(ex) is { } reason)
            {
                await Console.Error.WriteLineAsync($"eco serve: cannot start with this configuration: {reason}");
                return 2;
            }
        });
        return command;
    }

    private static Command ChatCommand()
    {
        var message = new Argument<string>("message") { Description = "What to ask, e.g. \"이 페트병 어떻게 버려?\"" };
        var node = NodeAccess.User();
        var conversation = new Option<string?>("--conversation") { Description = "Conversation id, to continue an earlier chat." };
        var json = new Option<bool>("--json") { Description = "Print every event as one JSON line (for scripts)." };
        var key = new Option<string?>("--idempotency-key") { Description = "Send the same key again to get the same job instead of a new one." };
        var location = new Option<GeoLocation?>("--location")
        {
            Description = "Where you are, as LAT,LON in degrees (e.g. 37.5665,126.9780), for places and weather nearby.",
            HelpName = "LAT,LON",
            CustomParser = ParseLocation,
        };
        var command = new Command("chat", "Ask a running node; prints stage progress and streams the answer.") { message, node, conversation, location, json, key };
        command.SetAction((parse, cancellationToken) =>
        {
            var at = parse.GetValue(location);
            var job = new Dictionary<string, object?>
            {
                ["kind"] = "chat",
                ["message"] = parse.GetValue(message),
                ["conversation_id"] = parse.GetValue(conversation),
                ["location"] = at is null ? null : new Dictionary<string, double> { ["latitude"] = at.Latitude, ["longitude"] = at.Longitude },
            };
            return new JobClient(Console.Out, Console.Error).RunAsync(
                new JobClient.Request(node.From(parse), job, parse.GetValue(json), parse.GetValue(key), parse.GetValue(conversation)), cancellationToken);
        });
        return command;
    }

    private static Command ScanCommand()
    {
        var photo = new Argument<string>("photo") { Description = "The photo: a file here (uploaded first), or an http(s) URL the model can fetch." };
        var message = new Option<string?>("--message", "-m") { Description = "What you can tell about it, e.g. \"라벨은 뗐어요\"." };
        var node = NodeAccess.User();
        var json = new Option<bool>("--json") { Description = "Print every event as one JSON line (for scripts)." };
        var key = new Option<string?>("--idempotency-key") { Description = "Send the same key again to get the same job instead of a new one." };
        var command = new Command("scan", "Scan a photo of waste on a running node: how to throw it out, and the reward; prints stage progress and streams the answer.")
        {
            photo, message, node, json, key,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var source = parse.GetValue(photo)!;
            var byUrl = Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
            var job = new Dictionary<string, object?> { ["kind"] = "scan", ["message"] = parse.GetValue(message), ["image_url"] = byUrl ? source : null };
            return new JobClient(Console.Out, Console.Error).RunAsync(
                new JobClient.Request(node.From(parse), job, parse.GetValue(json), parse.GetValue(key), PhotoPath: byUrl ? null : source), cancellationToken);
        });
        return command;
    }

    private static GeoLocation? ParseLocation(ArgumentResult result)
    {
        var parts = result.Tokens.Single().Value.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude) && latitude is >= -90 and <= 90
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude) && longitude is >= -180 and <= 180)
        {
            return new GeoLocation(latitude, longitude);
        }
        result.AddError($"--location takes LAT,LON in degrees (latitude -90..90, longitude -180..180), e.g. 37.5665,126.9780; got '{result.Tokens.Single().Value}'");
        return null;
    }
}
