using System.CommandLine;
using System.Globalization;
using Eco.FakeLlm;

namespace Eco.Host.Cli;

/// <summary><c>eco fake-llm</c>: runs a fake OpenAI-compatible LLM server with realistic latency and injected faults, for load benchmarks.</summary>
internal static class FakeLlmCommand
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(10);

    /// <summary>Builds the <c>fake-llm</c> command; it prints the base URL, then a stats line every 10 s, and stops on Ctrl+C.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on (0 = any free port).", DefaultValueFactory = _ => 8090 };
        var host = new Option<string>("--host") { Description = "Address to listen on (e.g. 0.0.0.0 inside a container).", DefaultValueFactory = _ => "127.0.0.1" };
        var latency = new Option<string>("--latency") { Description = "Time to first token in ms: MIN-MAX drawn uniformly per request, or one value.", DefaultValueFactory = _ => "10000-20000" };
        var tps = new Option<double>("--tps") { Description = "Tokens per second after the first token (0 = all at once).", DefaultValueFactory = _ => 50 };
        var rateLimit = new Option<double>("--rate-limit") { Description = "Probability (0-1) that a request gets HTTP 429 with Retry-After." };
        var serverError = new Option<double>("--server-error") { Description = "Probability (0-1) that a request gets HTTP 500." };
        var stall = new Option<double>("--stall") { Description = "Probability (0-1) that a stream sends a few chunks and then hangs." };
        var timeout = new Option<double>("--timeout") { Description = "Probability (0-1) that a request never gets response headers." };
        var malformed = new Option<double>("--malformed") { Description = "Probability (0-1) that a stream carries an invalid JSON chunk." };
        var broken = new Option<double>("--broken") { Description = "Probability (0-1) that the connection is aborted mid-stream." };
        var slow = new Option<double>("--slow") { Description = "Probability (0-1) that an answer streams at 5 tokens/s (a congested provider)." };
        var script = new Option<string?>("--script") { Description = "Outcomes for the first requests, in order, before the probabilities apply, e.g. 429,429,ok." };
        var faultModels = new Option<string[]>("--fault-model") { Description = "Inject faults only for these models (repeatable; a trailing * matches a prefix).", AllowMultipleArgumentsPerToken = true };
        var retryAfter = new Option<int>("--retry-after-ms") { Description = "Delay advertised by a 429 (Retry-After, rounded up to seconds, and retry-after-ms).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the latency and fault dice (default: random)." };
        var apiKey = new Option<string?>("--api-key") { Description = "Require this bearer key on every /v1 request (401 otherwise), as OpenAI does. Default: any key." };

        var command = new Command("fake-llm", "Run a fake OpenAI-compatible LLM server (POST /v1/chat/completions) with latency and injected faults; admin endpoints GET /_fake/stats, POST /_fake/faults, POST /_fake/reset.")
        {
            port, host, latency, tps, rateLimit, serverError, stall, timeout, malformed, broken, slow, script, faultModels, retryAfter, seed, apiKey,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            FakeLlmOptions options;
            try
            {
                var (min, max) = ParseLatency(parseResult.GetValue(latency) ?? "0");
                var models = parseResult.GetValue(faultModels) ?? [];
                var faults = new FaultPlan
                {
                    RateLimitProbability = parseResult.GetValue(rateLimit),
                    ServerErrorProbability = parseResult.GetValue(serverError),
                    StallProbability = parseResult.GetValue(stall),
                    SlowStreamProbability = parseResult.GetValue(slow),
                    TimeoutProbability = parseResult.GetValue(timeout),
                    MalformedChunkProbability = parseResult.GetValue(malformed),
                    BrokenStreamProbability = parseResult.GetValue(broken),
                    Script = parseResult.GetValue(script) is { } s ? FaultPlan.ParseScript(s) : [],
                    Models = models.Length == 0 ? null : models,
                    RetryAfter = TimeSpan.FromMilliseconds(parseResult.GetValue(retryAfter)),
                    Seed = parseResult.GetValue(seed),
                };
                options = new FakeLlmOptions
                {
                    Port = parseResult.GetValue(port),
                    Host = parseResult.GetValue(host) ?? "127.0.0.1",
                    MinLatency = min,
                    MaxLatency = max,
                    TokensPerSecond = parseResult.GetValue(tps),
                    Seed = parseResult.GetValue(seed),
                    Faults = faults,
                    ApiKey = parseResult.GetValue(apiKey),
                };
                options.Validate();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                await Console.Error.WriteLineAsync($"fake-llm: {e.Message}");
                return 2;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                await using var server = await FakeLlmServer.StartAsync(options, Eco.Host.FakeLlm.DomainFakeBrain.Create(), stop.Token);
                Console.WriteLine($"fake-llm listening: base URL {server.BaseUri} (OpenAI endpoint), admin {server.RootUri}_fake/stats");
                Console.WriteLine($"fake-llm latency {options.MinLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}-{options.MaxLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms to first token, {options.TokensPerSecond.ToString(CultureInfo.InvariantCulture)} tok/s; {Describe(options.Faults)}. Ctrl+C to stop.");
                using var timer = new PeriodicTimer(StatsInterval);
                try
                {
                    while (await timer.WaitForNextTickAsync(stop.Token))
                    {
                        Console.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {server.Stats}");
                    }
                }
                catch (OperationCanceledException)
                {
                }
                Console.WriteLine($"fake-llm stopping; final: {server.Stats}");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            return 0;
        });
        return command;
    }

    /// <summary>Parses <c>MIN-MAX</c> or <c>VALUE</c> milliseconds into a latency range.</summary>
    private static (TimeSpan Min, TimeSpan Max) ParseLatency(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        var min = double.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture);
        var max = parts.Length == 2 ? double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture) : min;
        if (min < 0 || max < min) throw new FormatException($"--latency must be MIN-MAX milliseconds with 0 <= MIN <= MAX, got '{text}'.");
        return (TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max));
    }

    private static string Describe(FaultPlan plan)
    {
        var parts = new List<string>();
        void Add(string label, double p)
        {
            if (p > 0) parts.Add($"{label} {(p * 100).ToString("0.##", CultureInfo.InvariantCulture)}%");
        }
        Add("429", plan.RateLimitProbability);
        Add("500", plan.ServerErrorProbability);
        Add("timeout", plan.TimeoutProbability);
        Add("stall", plan.StallProbability);
        Add("malformed", plan.MalformedChunkProbability);
        Add("broken", plan.BrokenStreamProbability);
        if (plan.Script.Count > 0) parts.Add("script " + string.Join(',', plan.Script.Select(FaultPlan.Label)));
        var faults = parts.Count == 0 ? "no faults" : "faults " + string.Join(", ", parts);
        return plan.Models is { Count: > 0 } models ? $"{faults} (models {string.Join(',', models)})" : faults;
    }
}
