using System.Net.Http.Headers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Host.Streaming;

namespace Eco.Host.Load;

/// <summary>Runs a bounded, loopback-only load: the fake LLM here, one real <c>eco serve</c> node as a child process, N virtual users.</summary>
internal sealed class LoadRunner(LoadOptions options, TextWriter progress)
{
    private static readonly string[] Chats =
    [
        "이 페트병 어떻게 버려? 근처 수거함도 알려줘", "깨진 유리컵은 어디에 버려요?", "다 쓴 형광등 버리는 법", "우유팩 분리배출 방법",
        "헌 옷은 어디에 버려?", "치킨 뼈는 음식물 쓰레기야?", "택배 상자 테이프 떼야 해?", "소파 버리려면 얼마야?",
    ];
    private static readonly string[] Scans = ["pet_bottle.jpg", "glass_bottle.png", "can.jpg", "milk_carton.jpg", "styrofoam_box.jpg", "battery.jpg"];

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var llm = await FakeLlmServer.StartAsync(new FakeLlmOptions
        {
            MinLatency = options.LatencyMin,
            MaxLatency = options.LatencyMax,
            TokensPerSecond = options.TokensPerSecond,
            Http2Only = options.Http2,
        }, DomainFakeBrain.Create(), cancellationToken);
        var dir = Path.Combine(Path.GetTempPath(), "eco-load-" + Guid.NewGuid().ToString("N"));
        var port = NodeLauncher.FreePort();
        using var node = StartNode(dir, port, llm.BaseUri);
        try
        {
            var baseUri = node.BaseUri;
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
            await node.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await progress.WriteLineAsync($"eco bench load: {options.Vus} VUs, ramp {options.Ramp.TotalSeconds:0} s, duration {options.Duration.TotalSeconds:0} s, " +
                $"fake LLM {options.LatencyMin.TotalMilliseconds:0}–{options.LatencyMax.TotalMilliseconds:0} ms to first token at {options.TokensPerSecond} tokens/s, " +
                $"scans {options.ScanShare:P0}; node pid {node.Process.Id} on {baseUri}");

            var jobs = new ConcurrentBag<JobRecord>();
            var samples = new ConcurrentQueue<ResourceSample>();
            // Each virtual user is a user of its own, with its own token, as the people behind a real load would be. The tokens are
            // signed before the clock starts: signing the first one loads the JWT library, time the run must not lose.
            var issuer = node.Tokens();
            var tokens = Enumerable.Range(0, options.Vus)
                .Select(vu => issuer.Issue($"vu-{vu}", admin: false, options.Duration + options.Drain + TimeSpan.FromMinutes(5)).Token).ToArray();
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = SampleAsync(node.Process, clock, samples, jobs, stop.Token);
            var users = Enumerable.Range(0, options.Vus).Select(vu => RunUserAsync(vu, tokens[vu], http, baseUri, clock, jobs, stop.Token)).ToArray();
            var deadline = options.Duration + options.Drain;
            await Task.WhenAny(Task.WhenAll(users), Task.Delay(deadline, cancellationToken));
            var elapsed = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(users.Append(sampler).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

            // The floor: what the model calls of each completed job took at the fake server, nothing else.
            var bare = llm.Stats.CompletedDurationByPrefix(':');
            var records = jobs.Select(j => j with { Bare = j.JobId is null ? TimeSpan.Zero : bare.GetValueOrDefault(j.JobId) }).ToList();
            var report = LoadReport.Build(options, records, [.. samples], elapsed);
            return report;
        }
        finally
        {
            node.KillHard();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private async Task RunUserAsync(int vu, string token, HttpClient http, Uri baseUri, Stopwatch clock, ConcurrentBag<JobRecord> jobs, CancellationToken cancellationToken)
    {
        var start = TimeSpan.FromTicks(options.Ramp.Ticks * vu / Math.Max(1, options.Vus));
        await Task.Delay(start, cancellationToken);
        var random = new Random(vu);
        var n = 0;
        while (clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested)
        {
            var scan = random.NextDouble() < options.ScanShare;
            jobs.Add(await RunJobAsync(http, token, baseUri, clock, scan, scan ? Scans[(vu + n) % Scans.Length] : Chats[(vu + n) % Chats.Length], cancellationToken));
            n++;
        }
    }

    private static async Task<JobRecord> RunJobAsync(HttpClient http, string token, Uri baseUri, Stopwatch clock, bool scan, string input, CancellationToken cancellationToken)
    {
        var started = clock.Elapsed;
        string? jobId = null;
        try
        {
            object body = scan
                ? new { kind = "scan", image_url = $"https://img.example/uploads/{input}" }
                : new { kind = "chat", message = input };
            using var submit = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(body) };
            submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(submit, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return JobRecord.Failed(scan, started, clock.Elapsed, $"submit {(int)response.StatusCode}");
            }
            jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("job_id").GetString()!;
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            await socket.ConnectAsync(new Uri($"ws://{baseUri.Authority}/v1/jobs/{jobId}/stream?after_seq=0"), cancellationToken);
            var reader = new WebSocketJsonReader(socket, 32 * 1024);
            TimeSpan? firstEvent = null, firstToken = null;
            long expected = 1;
            var terminals = 0;
            string? outcome = null;
            while (true)
            {
                using var doc = await reader.ReadAsync(cancellationToken);
                if (doc is null)
                {
                    break;
                }
                var e = doc.RootElement;
                firstEvent ??= clock.Elapsed - started;
                var type = e.GetProperty("type").GetString();
                if (type == "token")
                {
                    firstToken ??= clock.Elapsed - started;
                }
                if (e.GetProperty("seq").GetInt64() != expected++)
                {
                    return JobRecord.Failed(scan, started, clock.Elapsed, "seq gap or duplicate", jobId, violation: true);
                }
                if (type is "job.completed" or "job.failed")
                {
                    terminals++;
                    outcome = type;
                }
            }
            var ok = terminals == 1 && outcome == "job.completed";
            return new JobRecord(jobId, scan, started, clock.Elapsed, ok, terminals != 1, firstEvent, firstToken, ok ? null : outcome ?? "no terminal event", TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is HttpRequestException or WebSocketException or JsonException or IOException)
        {
            return JobRecord.Failed(scan, started, clock.Elapsed, ex.GetType().Name, jobId);
        }
        catch (OperationCanceledException)
        {
            return JobRecord.Failed(scan, started, clock.Elapsed, "not finished before the run ended", jobId);
        }
    }

    private ChildNode StartNode(string dir, int port, Uri llm)
    {
        var settings = NodeLauncher.FakeModelSettings(llm);
        settings["Eco:Llm:Providers:fake:Limits:RequestsPerMinute"] = options.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        settings["Eco:Llm:Providers:fake:Limits:TokensPerMinute"] = options.TokensPerMinute.ToString(CultureInfo.InvariantCulture);
        settings["Eco:Llm:Providers:fake:OpenAi:Http2"] = options.Http2 ? "true" : "false";
        return ChildNode.Start(dir, port, settings);
    }

    private async Task SampleAsync(Process node, Stopwatch clock, ConcurrentQueue<ResourceSample> samples, ConcurrentBag<JobRecord> jobs, CancellationToken cancellationToken)
    {
        var lastCpu = TimeSpan.Zero;
        var lastAt = clock.Elapsed;
        var lastPrint = TimeSpan.Zero;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                node.Refresh();
                var cpu = node.TotalProcessorTime;
                var at = clock.Elapsed;
                var percent = (cpu - lastCpu).TotalMilliseconds / (at - lastAt).TotalMilliseconds * 100;
                samples.Enqueue(new ResourceSample(at, percent, node.WorkingSet64 / (1024.0 * 1024.0)));
                (lastCpu, lastAt) = (cpu, at);
                if (at - lastPrint >= TimeSpan.FromSeconds(5))
                {
                    lastPrint = at;
                    var done = jobs.Count;
                    var ok = jobs.Count(j => j.Completed);
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  t={at.TotalSeconds,4:0}s  jobs finished {done,6}  completed {ok,6}  node cpu {percent,5:0}%  rss {node.WorkingSet64 / 1048576,5} MiB"));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // run over
        }
    }

}
