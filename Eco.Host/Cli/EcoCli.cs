using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Eco.Actors.Jobs;
using Eco.Host.Hosting;

namespace Eco.Host.Cli;

/// <summary>The <c>eco</c> command line: <c>serve</c> runs a node, <c>chat</c> talks to one.</summary>
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
            new ChatClient(Console.Out, Console.Error).RunAsync(
                new ChatClient.Request(node.From(parse), parse.GetValue(message)!, parse.GetValue(conversation), parse.GetValue(json), parse.GetValue(key),
                    parse.GetValue(location)),
                cancellationToken));
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
