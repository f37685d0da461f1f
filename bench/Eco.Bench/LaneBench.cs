using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Streams;
using Eco.Streams.Resilience;

namespace Eco.Bench;

/// <summary>
/// <c>lane</c>: provider lanes (Akka.Streams) at full demand for a few minutes, side by side in one process — admitted requests per
/// minute under a requests budget, admitted tokens per minute under a tokens budget, and managed memory while 10,000 calls wait.
/// </summary>
internal static class LaneBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = Arg(args, "--minutes", 3);
        var rpm = Arg(args, "--rpm", 600);
        var tpm = Arg(args, "--tpm", 60_000);
        var waiting = Arg(args, "--waiting", 10_000);
        Console.Error.WriteLine($"eco bench lane: {Environment.ProcessorCount} cores; {minutes} min at full demand: {rpm} requests/min, {tpm:N0} tokens/min, {waiting:N0} calls waiting");
        using var system = ActorSystem.Create("lanes");
        system.Scheduler.ScheduleTellOnce(TimeSpan.Zero, ActorRefs.Nobody, "start", ActorRefs.NoSender); // start the scheduler's clock first
        var materializer = system.Materializer();
        using var requests = new ProviderLane(new ProviderLimitsOptions { RequestsPerMinute = rpm, TokensPerMinute = 1_000_000_000, MaxConcurrency = 100_000, QueueLimit = 1_000 }, () => materializer);
        using var tokens = new ProviderLane(new ProviderLimitsOptions { RequestsPerMinute = 10_000_000, TokensPerMinute = tpm, MaxConcurrency = 100_000, QueueLimit = 1_000 }, () => materializer);
        using var parked = new ProviderLane(new ProviderLimitsOptions { MaxConcurrency = 1, QueueLimit = waiting + 1, QueueWait = TimeSpan.FromHours(1) }, () => materializer);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var clock = Stopwatch.StartNew();
        var requestsPerMinute = new long[minutes + 1];
        var tokensPerMinute = new long[minutes + 1];
        var random = new Random(7);
        var costs = Enumerable.Range(0, 4_096).Select(_ => random.Next(200, 2_001)).ToArray();

        async Task DemandAsync(ProviderLane lane, long[] perMinute, Func<int, int> cost, int worker)
        {
            for (var i = worker; !stop.IsCancellationRequested; i += 64)
            {
                var tokensOfCall = cost(i);
                try
                {
                    var (permit, _) = await lane.AcquireAsync(tokensOfCall, stop.Token);
                    permit.Dispose();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var minute = (int)clock.Elapsed.TotalMinutes;
                if (minute < perMinute.Length)
                {
                    Interlocked.Add(ref perMinute[minute], tokensOfCall);
                }
            }
        }

        // 10,000 calls parked behind one that never ends: the memory they hold must not grow while they wait.
        var held = (await parked.AcquireAsync(1, default)).Permit;
        var parkedCalls = Enumerable.Range(0, waiting).Select(_ => parked.AcquireAsync(1, stop.Token)).ToList();
        var memory = new List<(TimeSpan At, long Bytes)>();
        var demand = Enumerable.Range(0, 64).Select(w => DemandAsync(requests, requestsPerMinute, _ => 1, w))
            .Concat(Enumerable.Range(0, 64).Select(w => DemandAsync(tokens, tokensPerMinute, i => costs[i % costs.Length], w)))
            .ToList();
        while (!stop.IsCancellationRequested)
        {
            GC.Collect();
            memory.Add((clock.Elapsed, GC.GetTotalMemory(forceFullCollection: true)));
            Console.Error.WriteLine($"  [{clock.Elapsed.TotalSeconds,5:0}s] requests {requestsPerMinute.Sum():N0}, tokens {tokensPerMinute.Sum():N0}, waiting {parked.Queued:N0}, managed heap {memory[^1].Bytes / 1_048_576.0:0.0} MiB");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(15), stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await Task.WhenAll(demand);
        held.Dispose();
        await Task.WhenAll(parkedCalls.Select(async c => { try { (await c).Permit.Dispose(); } catch (OperationCanceledException) { } }));

        Console.WriteLine();
        Console.WriteLine("| minute | requests admitted | ÷ budget | tokens admitted | ÷ budget |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        for (var m = 0; m < minutes; m++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m + 1} | {requestsPerMinute[m]:N0} | {(double)requestsPerMinute[m] / rpm:0.000} | {tokensPerMinute[m]:N0} | {(double)tokensPerMinute[m] / tpm:0.000} |"));
        }
        var totalRequests = requestsPerMinute.Take(minutes).Sum();
        var totalTokens = tokensPerMinute.Take(minutes).Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all {minutes} | {totalRequests:N0} | {(double)totalRequests / (rpm * minutes):0.000} | {totalTokens:N0} | {(double)totalTokens / ((long)tpm * minutes):0.000} |"));
        var heap = memory.Select(m => m.Bytes / 1_048_576.0).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{waiting:N0} calls waiting in a lane for {minutes} min: managed heap {heap.Min():0.0}–{heap.Max():0.0} MiB over {heap.Count} samples (first {heap[0]:0.0}, last {heap[^1]:0.0})"));
        return 0;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
