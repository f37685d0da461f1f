using System.Collections.Concurrent;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Eco.FakeLlm;
using Eco.Host.Limits;
using Eco.Host;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Eco.Host.FakeLlm;
using Eco.Host.Load;
using Eco.Host.Streaming;
using Eco.Streams.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Eco.Bench;

/// <summary>
/// Pipeline overhead: N chat jobs run concurrently through a node whose model chain is the fake OpenAI server (fixed latency),
/// watched over WebSocket; then the same model calls (same prompts, so the same token counts) are made N-concurrently straight
/// through the OpenAI SDK. The ratios job ÷ bare are the figures.
/// </summary>
internal static class PipelineBench
{
    private static readonly string[] Questions =
    [
        "이 페트병 어떻게 버려?", "깨진 유리컵은 어디에 버려요?", "다 쓴 형광등 버리는 법", "우유팩 분리배출 방법", "헌 옷은 어디에 버려?",
        "치킨 뼈는 음식물 쓰레기야?", "택배 상자 테이프 떼야 해?", "스티로폼 박스 버리는 방법 알려줘",
    ];

    private const int WarmUpJobs = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var latency = TimeSpan.FromMilliseconds(Arg(args, "--latency-ms", 1000));
        var tps = Arg(args, "--tps", 50);
        var sizes = ArgString(args, "--jobs", "1,100,1000").Split(',').Select(int.Parse).ToArray();
        Console.Error.WriteLine($"eco bench pipeline: fake LLM first-token latency {latency.TotalMilliseconds} ms, {tps} tokens/s, jobs {string.Join("/", sizes)}");

        await using var server = await FakeLlmServer.StartAsync(new FakeLlmOptions { MinLatency = latency, MaxLatency = latency, TokensPerSecond = tps },
            DomainFakeBrain.Create());
        var dir = Path.Combine(Path.GetTempPath(), "eco-bench-pipeline-" + Guid.NewGuid().ToString("N"));
        var rows = new List<string>();
        try
        {
            await using var node = await StartNodeAsync(dir, server);
            using var http = new HttpClient { BaseAddress = node.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", node.Token);
            // Warm-up: JIT, connection pools, SQLite pages, and the shards. A shard starts on its first job (allocation, then its
            // remember-entities store), and 1,000 jobs landing at once on ~96 shards that never ran kept their submissions
            // waiting for seconds (38% of asks timed out at 10 s and were retried); 500 jobs leave about one shard of 100 cold.
            // At least as many jobs as the largest run: the node's model calls and the bare calls share the SDK's HTTP connection
            // pool, so a smaller warm-up left the job phase opening the connections the bare phase then found open.
            await RunJobsAsync(http, node.BaseUri, Math.Max(WarmUpJobs, sizes.Max()));
            using var handlerClock = new SubmitHandlerClock();
            using var stalls = new StallProbe();
            foreach (var n in sizes)
            {
                var gc = GcWindow.Start();
                var cpu = CpuSample.Take();
                stalls.TakeLongest();
                handlerClock.TakeMeanMilliseconds();
                var jobs = await RunJobsAsync(http, node.BaseUri, n);
                var handlerMs = handlerClock.TakeMeanMilliseconds();
                var (jobsGc, jobsCpu, jobsStall) = (gc.Stop(), CpuSample.Take().Since(cpu), stalls.TakeLongest());
                await PrintPhasesAsync(http, jobs, n, handlerMs);
                (gc, cpu, _) = (GcWindow.Start(), CpuSample.Take(), stalls.TakeLongest());
                var bare = await RunBareAsync(server, jobs);
                var (bareGc, bareCpu, bareStall) = (gc.Stop(), CpuSample.Take().Since(cpu), stalls.TakeLongest());
                // The steal and the longest stall say when something beyond the code held a phase back: such a run is not the code's figure.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {n} jobs, garbage collection and CPU: jobs {jobsGc}, machine {jobsCpu.MachinePercent:F0}% (steal {jobsCpu.StealPercent:F1}%), longest stall {jobsStall.TotalMilliseconds:N0} ms; bare calls {bareGc}, machine {bareCpu.MachinePercent:F0}% (steal {bareCpu.StealPercent:F1}%), longest stall {bareStall.TotalMilliseconds:N0} ms"));
                var jobMean = jobs.Average(j => j.Total.TotalMilliseconds);
                var bareMean = bare.Average(b => b.Total.TotalMilliseconds);
                var streamMean = jobs.Average(j => j.AnswerPhase.TotalMilliseconds);
                var bareStreamMean = bare.Average(b => b.Answer.TotalMilliseconds);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {n:N0} | {bareMean:N0} | {jobMean:N0} | **{jobMean / bareMean:F3}** | {P95(bare.Select(b => b.Total)):N0} | {P95(jobs.Select(j => j.Total)):N0} | {P95(jobs.Select(j => j.Total)) / P95(bare.Select(b => b.Total)):F3} | {bareStreamMean:N0} | {streamMean:N0} | **{streamMean / bareStreamMean - 1:P1}** | {jobs.Average(j => j.TokenEvents):F0} |"));
                Console.Error.WriteLine($"  {n} jobs: done");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
        Console.WriteLine();
        Console.WriteLine("| concurrent jobs | bare LLM mean ms | job mean ms | job ÷ bare | bare p95 ms | job p95 ms | p95 ratio | bare answer stream ms | answer phase at client ms | streaming overhead | token events/job |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private sealed record JobRun(string JobId, string Message, TimeSpan Total, TimeSpan AnswerPhase, int TokenEvents, IReadOnlyList<string> Sections,
        DateTimeOffset Posted, TimeSpan Submit, TimeSpan CompletedLag);
    private sealed record BareRun(TimeSpan Total, TimeSpan Answer);

    private static async Task<WebApplicationHandle> StartNodeAsync(string dir, FakeLlmServer server)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Eco:Llm:Chain:0"] = "fake",
            ["Eco:Llm:Providers:fake:Kind"] = "openai",
            ["Eco:Llm:Providers:fake:OpenAi:BaseUrl"] = server.BaseUri.ToString(),
            ["Eco:Llm:Providers:fake:OpenAi:Model"] = "fake-gpt",
            ["Eco:Llm:Providers:fake:OpenAi:ApiKey"] = "sk-bench",
            ["Eco:Llm:Providers:fake:Limits:MaxConcurrency"] = "4000",
            ["Eco:Llm:Providers:fake:Limits:RequestsPerMinute"] = "10000000",
            ["Eco:Llm:Providers:fake:Limits:TokensPerMinute"] = "1000000000",
            ["Eco:Admin:Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (name, value) in UserLimitOptions.Unbounded)
        {
            settings[name] = value; // one client stands for many users here: a per-user limit would bound the burst
        }
        var app = EcoServer.Build(new EcoServer.Settings(dir, "http://127.0.0.1:0", null, settings));
        await app.StartAsync();
        // A user's token signed with the node's own key (made in its data directory on this first start), as `eco token` does.
        var keyFile = Path.Combine(dir, SharedSecret.FileName);
        var key = SharedSecret.Parse((await File.ReadAllTextAsync(keyFile)).Trim(), keyFile);
        var token = new TokenIssuer(key, TimeProvider.System).Issue("bench", admin: false, TimeSpan.FromHours(2));
        return new WebApplicationHandle(app, app.Services.GetRequiredService<NodeListeners>().PublicUri, token.Token);
    }

    private sealed record WebApplicationHandle(WebApplication App, Uri BaseUri, string Token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>Submits n jobs at once; each is watched over WebSocket from submit to its terminal event.</summary>
    private static async Task<List<JobRun>> RunJobsAsync(HttpClient http, Uri baseUri, int n)
    {
        var runs = new ConcurrentBag<JobRun>();
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            var question = Questions[i % Questions.Length];
            var posted = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = question });
            var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
            var submit = clock.Elapsed;
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", http.DefaultRequestHeaders.Authorization!.ToString());
            await socket.ConnectAsync(new Uri($"ws://{baseUri.Authority}/v1/jobs/{jobId}/stream?after_seq=0"), CancellationToken.None);
            var reader = new WebSocketJsonReader(socket);
            TimeSpan answerStarted = default, answerEnded = default;
            var tokens = 0;
            while (await reader.ReadBytesAsync(CancellationToken.None) is { } bytes)
            {
                // Token events (nine in ten) are told by their type, read where the wire shape puts it, without parsing them: the
                // 1,000 watching clients share the node's two cores, and a real client does not.
                if (bytes.Span[..Math.Min(bytes.Length, 160)].IndexOf("\"type\":\"token\""u8) >= 0)
                {
                    tokens++;
                    answerEnded = clock.Elapsed;
                    continue;
                }
                using var doc = JsonDocument.Parse(bytes);
                var type = doc.RootElement.GetProperty("type").GetString();
                var stage = doc.RootElement.TryGetProperty("stage", out var s) ? s.GetString() : null;
                if (type == "stage.started" && stage == "answer")
                {
                    answerStarted = clock.Elapsed;
                }
                else if (type is "job.completed" or "job.failed")
                {
                    var total = clock.Elapsed;
                    var lag = DateTimeOffset.UtcNow - DateTimeOffset.Parse(doc.RootElement.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    runs.Add(new JobRun(jobId, question, total, answerEnded - answerStarted, tokens, [], posted, submit, lag));
                    break;
                }
            }
        }));
        // The bare calls need each job's sections; read once every job has ended, so no job shares the node with these reads.
        var withSections = new List<JobRun>(runs.Count);
        foreach (var run in runs)
        {
            withSections.Add(run with { Sections = await SectionsAsync(http, run.JobId) });
        }
        return withSections;
    }

    /// <summary>Where a job's time goes, from the journal's own timestamps (means over up to 200 jobs).</summary>
    private static async Task PrintPhasesAsync(HttpClient http, IReadOnlyList<JobRun> jobs, int n, double handlerMs)
    {
        var phases = new Dictionary<string, List<double>>();
        var accepted = new List<double>();
        foreach (var job in jobs.Take(200))
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{job.JobId}/events"));
            var events = doc.RootElement.EnumerateArray().Select(e => (
                Type: e.GetProperty("type").GetString(), Stage: e.TryGetProperty("stage", out var st) ? st.GetString() : null,
                Ts: DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture))).ToList();
            DateTimeOffset At(string type, string? stage = null) => events.First(e => e.Type == type && (stage is null || e.Stage == stage)).Ts;
            void Add(string name, DateTimeOffset from, DateTimeOffset to) =>
                (phases.TryGetValue(name, out var list) ? list : phases[name] = []).Add((to - from).TotalMilliseconds);
            accepted.Add((At("job.accepted") - job.Posted).TotalMilliseconds);
            Add("accepted → classify started", At("job.accepted"), At("stage.started", "classify"));
            Add("classify (model call)", At("stage.started", "classify"), At("stage.completed", "classify"));
            Add("classify done → answer started", At("stage.completed", "classify"), At("stage.started", "answer"));
            Add("answer (model stream)", At("stage.started", "answer"), At("stage.completed", "answer"));
            Add("answer done → job completed", At("stage.completed", "answer"), At("job.completed"));
        }
        Console.Error.WriteLine($"  {n} jobs, journal timeline: " + string.Join("; ", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.Average():N0} ms"))));
        // Outside the journal's timeline: the submission (the client's clock starts before it) and the terminal event's way out.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {n} jobs, at the client: submit (POST) {jobs.Average(j => j.Submit.TotalMilliseconds):N0} ms, of which POST sent → job.accepted's time {accepted.Average():N0} ms and in the node's HTTP pipeline {handlerMs:N0} ms; job.completed arrives {jobs.Average(j => j.CompletedLag.TotalMilliseconds):N0} ms after its journal time"));
    }

    private static async Task<IReadOnlyList<string>> SectionsAsync(HttpClient http, string jobId)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{jobId}/events"));
        var aggregate = doc.RootElement.EnumerateArray().First(e => e.GetProperty("type").GetString() == "stage.completed" && e.GetProperty("stage").GetString() == "aggregate");
        return [.. aggregate.GetProperty("data").GetProperty("output").GetProperty("sections").EnumerateArray().Select(x => x.GetString()!)];
    }

    /// <summary>The same two model calls per job (classification, then the streamed answer), n at once, straight through the SDK.</summary>
    private static async Task<List<BareRun>> RunBareAsync(FakeLlmServer server, IReadOnlyList<JobRun> jobs)
    {
        var client = new ChatClient("fake-gpt", new ApiKeyCredential("sk-bench"),
            new OpenAIClientOptions { Endpoint = server.BaseUri, RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromMinutes(2) });
        var runs = new ConcurrentBag<BareRun>();
        await Task.WhenAll(jobs.Select(async job =>
        {
            var clock = Stopwatch.StartNew();
            var classify = new ClassifyIntentTask(job.Message, []);
            await client.CompleteChatAsync(ToSdk(Prompts.ClassifyIntent(classify)), new ChatCompletionOptions
            {
                ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(Prompts.IntentSchema.Name, BinaryData.FromString(Prompts.IntentSchema.Json), jsonSchemaIsStrict: true),
                EndUserId = $"bare-{job.JobId}:classify",
            });
            var answerStart = clock.Elapsed;
            var write = new WriteAnswerTask(job.Message, new Eco.Agents.Intents.IntentClassification(Eco.Agents.Intents.Intent.General, 1, []), job.Sections);
            var text = new StringBuilder();
            await foreach (var update in client.CompleteChatStreamingAsync(ToSdk(Prompts.WriteAnswer(write, null, [])), new ChatCompletionOptions { EndUserId = $"bare-{job.JobId}:answer" }))
            {
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }
            }
            runs.Add(new BareRun(clock.Elapsed, clock.Elapsed - answerStart));
        }));
        return [.. runs];
    }

    private static List<ChatMessage> ToSdk(IReadOnlyList<ChatTurn> turns) =>
        [.. turns.Select<ChatTurn, ChatMessage>(t => t.Role switch
        {
            "system" => new SystemChatMessage(t.Content),
            "assistant" => new AssistantChatMessage(t.Content),
            _ => new UserChatMessage(t.Content),
        })];

    private static double P95(IEnumerable<TimeSpan> values) => NearestRank.Of(values.Select(v => v.TotalMilliseconds).Order().ToArray(), 0.95);

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string ArgString(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
