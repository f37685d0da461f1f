using System.CommandLine;
using System.Globalization;
using Eco.Host.Load;

namespace Eco.Host.Cli;

/// <summary><c>eco bench load</c>: a bounded loopback load run with a table, a JSON report and PNG plots.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var vus = new Option<int>("--vus") { Description = "Virtual users.", DefaultValueFactory = _ => 100 };
        var ramp = new Option<double>("--ramp") { Description = "Seconds over which users start.", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Seconds during which users start new jobs.", DefaultValueFactory = _ => 60 };
        var drain = new Option<double>("--drain") { Description = "Most seconds to wait for jobs still running after the duration.", DefaultValueFactory = _ => 120 };
        var scans = new Option<double>("--scan-share") { Description = "Fraction of jobs that are scans (rest: chats).", DefaultValueFactory = _ => 0.5 };
        var latency = new Option<string>("--latency") { Description = "Fake LLM time to first token in ms, MIN-MAX (like real models: 10000-20000).", DefaultValueFactory = _ => "10000-20000" };
        var tps = new Option<double>("--tps") { Description = "Fake LLM tokens per second.", DefaultValueFactory = _ => 50 };
        var rpm = new Option<int>("--rpm") { Description = "The node's requests-per-minute budget for the model.", DefaultValueFactory = _ => 1_000_000 };
        var tpm = new Option<int>("--tpm") { Description = "The node's tokens-per-minute budget for the model.", DefaultValueFactory = _ => 100_000_000 };
        var output = new Option<string>("--out") { Description = "Directory for the JSON report and the PNG plots.", DefaultValueFactory = _ => "docs/bench" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var http2 = new Option<bool>("--http2") { Description = "Node to fake LLM over HTTP/2: a few sockets instead of one per call in flight (for very many VUs)." };
        var load = new Command("load", "Virtual users against a real node (loopback only, bounded): completion, throughput and latency as ratios to the bare-LLM floor.")
        {
            vus, ramp, duration, drain, scans, latency, tps, rpm, tpm, output, json, http2,
        };
        load.SetAction(async (parse, cancellationToken) =>
        {
            var range = parse.GetValue(latency)!.Split('-');
            var min = double.Parse(range[0], CultureInfo.InvariantCulture);
            var max = range.Length > 1 ? double.Parse(range[1], CultureInfo.InvariantCulture) : min;
            var options = new LoadOptions(parse.GetValue(vus), TimeSpan.FromSeconds(parse.GetValue(ramp)), TimeSpan.FromSeconds(parse.GetValue(duration)),
                TimeSpan.FromSeconds(parse.GetValue(drain)), parse.GetValue(scans), TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max),
                parse.GetValue(tps), parse.GetValue(rpm), parse.GetValue(tpm), parse.GetValue(output)!, parse.GetValue(http2));
            var report = await new LoadRunner(options, Console.Error).RunAsync(cancellationToken);
            var files = LoadArtifacts.Write(report, options.OutputDir);
            Console.WriteLine(parse.GetValue(json) ? report.ToJson() : report.ToTable());
            await Console.Error.WriteLineAsync($"wrote {string.Join(", ", files)}");
            return report.Violations == 0 ? 0 : 1;
        });
        var bench = new Command("bench", "Load and chaos tools (loopback only, bounded in count and time).");
        bench.Subcommands.Add(load);
        return bench;
    }
}
