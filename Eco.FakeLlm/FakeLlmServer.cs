using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eco.FakeLlm;

/// <summary>A local OpenAI-compatible chat completions server with controllable latency and injected faults, for tests and load benchmarks.</summary>
/// <remarks>
/// Endpoints: <c>POST /v1/chat/completions</c> (streaming and not), and for out-of-process control <c>GET /_fake/stats</c>,
/// <c>GET|POST /_fake/faults</c> (a JSON <see cref="FaultPlan"/>) and <c>POST /_fake/reset</c> (clears the statistics).
/// </remarks>
public sealed class FakeLlmServer : IAsyncDisposable
{
    /// <summary>JSON settings of the admin endpoints (camelCase, case-insensitive reads, faults as labels such as <c>"429"</c>).</summary>
    public static readonly JsonSerializerOptions AdminJsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BrokenStreamGrace = TimeSpan.FromMilliseconds(50);

    private readonly FakeLlmOptions _options;
    private readonly IFakeBrain _brain;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _latencyRandom;
    private readonly Lock _latencyLock = new();
    private WebApplication? _app;
    private FaultState _faults;
    private int _disposed;

    private FakeLlmServer(FakeLlmOptions options, IFakeBrain brain)
    {
        _options = options;
        _brain = brain;
        _latencyRandom = options.Seed is { } seed ? new Random(seed) : new Random();
        _faults = new FaultState(options.Faults);
    }

    /// <summary>The OpenAI endpoint to give the SDK (<c>http://127.0.0.1:PORT/v1/</c>).</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The server root, where the <c>/_fake/…</c> admin endpoints live (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri RootUri { get; private set; } = null!;

    /// <summary>Live counters of this server.</summary>
    public FakeLlmStats Stats { get; } = new();

    /// <summary>The options the server was started with.</summary>
    public FakeLlmOptions Options => _options;

    /// <summary>The fault plan in force.</summary>
    public FaultPlan Faults => Volatile.Read(ref _faults).Plan;

    /// <summary>Starts Kestrel on <see cref="FakeLlmOptions.Host"/>:<see cref="FakeLlmOptions.Port"/> and returns once it accepts requests.</summary>
    public static async Task<FakeLlmServer> StartAsync(FakeLlmOptions options, IFakeBrain? brain = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var server = new FakeLlmServer(options, brain ?? DefaultFakeBrain.Instance);
        try
        {
            await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Replaces the fault plan; its script restarts from the beginning and its dice are reseeded. Thread-safe; applies to requests that arrive afterwards.</summary>
    public void SetFaults(FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        Volatile.Write(ref _faults, new FaultState(plan));
    }

    /// <summary>Zeroes every counter in <see cref="Stats"/> (max in-flight restarts from the current in-flight count).</summary>
    public void ResetStats() => Stats.Reset();

    /// <summary>Stops the server: hanging requests are dropped, then Kestrel shuts down.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is { } app)
        {
            using var timeout = new CancellationTokenSource(ShutdownTimeout);
            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                // never started
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeLlmServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Hermetic: no appsettings.json / ASPNETCORE_* settings (e.g. Kestrel endpoints) leak in from the hosting process.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = null; // slow token streams are the point
            var protocols = _options.Http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
            if (string.Equals(_options.Host, "localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(_options.Port, l => l.Protocols = protocols);
            else kestrel.Listen(IPAddress.Parse(_options.Host), _options.Port, l => l.Protocols = protocols);
        });

        var app = builder.Build();
        _app = app;
        if (_options.ApiKey is { } key)
        {
            app.Use(async (ctx, next) =>
            {
                if (ctx.Request.Path.StartsWithSegments("/v1") && ctx.Request.Headers.Authorization != $"Bearer {key}")
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""", ctx.RequestAborted);
                    return;
                }
                await next(ctx);
            });
        }
        app.MapPost("/v1/chat/completions", (RequestDelegate)HandleChatAsync);
        if (!_options.NoModelsList)
        {
            // What health probes ask (vLLM and OpenAI serve it): any model name is served here, so the list names one.
            app.MapGet("/v1/models", (RequestDelegate)(ctx =>
            {
                ctx.Response.ContentType = "application/json";
                return ctx.Response.WriteAsync("""{"object":"list","data":[{"id":"fake","object":"model","created":0,"owned_by":"eco"}]}""", ctx.RequestAborted);
            }));
        }
        app.MapGet("/_fake/stats", (RequestDelegate)(ctx => ctx.Response.WriteAsJsonAsync(Stats.Snapshot(), AdminJsonOptions, ctx.RequestAborted)));
        app.MapGet("/_fake/faults", (RequestDelegate)(ctx => ctx.Response.WriteAsJsonAsync(Faults, AdminJsonOptions, ctx.RequestAborted)));
        app.MapPost("/_fake/faults", (RequestDelegate)HandleSetFaultsAsync);
        app.MapPost("/_fake/reset", (RequestDelegate)(ctx =>
        {
            ResetStats();
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
        var host = _options.Host switch
        {
            "0.0.0.0" or "localhost" => "127.0.0.1",
            "::" => "[::1]",
            var h when IPAddress.TryParse(h, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => $"[{ip}]",
            var h => h,
        };
        RootUri = new Uri($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
        BaseUri = new Uri(RootUri, "v1/");
    }

    private async Task HandleSetFaultsAsync(HttpContext ctx)
    {
        FaultPlan? plan;
        try
        {
            plan = await ctx.Request.ReadFromJsonAsync<FaultPlan>(AdminJsonOptions, ctx.RequestAborted).ConfigureAwait(false);
            ArgumentNullException.ThrowIfNull(plan);
            SetFaults(plan);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, ChatWire.Error(e.Message, "invalid_request_error", "invalid_fault_plan"), ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        await ctx.Response.WriteAsJsonAsync(plan, AdminJsonOptions, ctx.RequestAborted).ConfigureAwait(false);
    }

    private async Task HandleChatAsync(HttpContext ctx)
    {
        ctx.Items[StartedKey] = Stopwatch.GetTimestamp(); // the call's server-side time is the "bare LLM" floor of load tests
        Stats.RequestStarted();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            FakeChatRequest request;
            try
            {
                using var body = await JsonDocument.ParseAsync(ctx.Request.Body, default, ct).ConfigureAwait(false);
                request = FakeChatRequest.Parse(body.RootElement);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                Stats.Outcome(FakeLlmStats.BadRequestOutcome);
                await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, ChatWire.Error($"Invalid chat completion request: {e.Message}", "invalid_request_error", null), ct).ConfigureAwait(false);
                return;
            }

            Stats.Requested(request.User);
            var plan = Volatile.Read(ref _faults);
            var fault = plan.Next(request.Model);
            ctx.Response.Headers["x-request-id"] = ctx.TraceIdentifier;
            ctx.Response.Headers["x-fake-outcome"] = FaultPlan.Label(fault);
            switch (fault)
            {
                case FaultKind.RateLimited:
                    Stats.Outcome(FaultPlan.Label(fault));
                    var retryAfter = plan.Plan.RetryAfter;
                    ctx.Response.Headers["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    ctx.Response.Headers["retry-after-ms"] = ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                    ctx.Response.Headers["x-ratelimit-remaining-requests"] = "0";
                    await WriteErrorAsync(ctx, StatusCodes.Status429TooManyRequests, ChatWire.Error(
                        $"Rate limit reached for {request.Model} (fake). Please try again in {retryAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s.",
                        "rate_limit_error", "rate_limit_exceeded"), ct).ConfigureAwait(false);
                    return;
                case FaultKind.ServerError:
                    Stats.Outcome(FaultPlan.Label(fault));
                    await WriteErrorAsync(ctx, StatusCodes.Status500InternalServerError, ChatWire.Error(
                        "The server had an error while processing your request (fake).", "server_error", null), ct).ConfigureAwait(false);
                    return;
                case FaultKind.Timeout:
                    Stats.Outcome(FaultPlan.Label(fault));
                    await HangThenAbortAsync(ctx, ct).ConfigureAwait(false);
                    return;
            }

            string text;
            try
            {
                text = _brain.Respond(request) ?? "";
            }
            catch (Exception e)
            {
                Stats.Outcome(FakeLlmStats.BrainErrorOutcome);
                await WriteErrorAsync(ctx, StatusCodes.Status500InternalServerError, ChatWire.Error($"Fake brain failed: {e.Message}", "server_error", "brain_error"), ct).ConfigureAwait(false);
                return;
            }
            Stats.Outcome(FaultPlan.Label(fault));

            // Replies that arrive whole and well-formed on the wire but are not what was asked for.
            text = fault switch
            {
                FaultKind.ProseReply => "요청하신 내용을 정리해 드릴게요. 분리배출은 품목마다 방법이 달라요.",
                FaultKind.FencedJson => "```json\n" + text + "\n```",
                FaultKind.SchemaMismatch => """{"answer":"분리배출 안내","ok":true}""",
                FaultKind.EmptyReply => "",
                _ => text,
            };
            var answer = Answer.Create(request, text);
            var tokensPerSecond = fault == FaultKind.SlowStream ? plan.Plan.SlowStreamTokensPerSecond : _options.TokensPerSecond;
            if (request.Stream) await StreamAsync(ctx, request, answer, fault, plan.Plan.ChunksBeforeFault, tokensPerSecond, ct).ConfigureAwait(false);
            else await RespondWholeAsync(ctx, request, answer, fault, tokensPerSecond, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Client gave up, or the server is stopping: drop the connection rather than finishing a half-sent response.
            ctx.Abort();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The client reset the connection mid-response.
            ctx.Abort();
        }
        finally
        {
            Stats.RequestEnded();
        }
    }

    private async Task StreamAsync(HttpContext ctx, FakeChatRequest request, Answer answer, FaultKind fault, int chunksBeforeFault, double tokensPerSecond, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var firstToken = NextLatency();
        await Task.Delay(firstToken, ct).ConfigureAwait(false);

        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        var pipe = ctx.Response.BodyWriter;
        var envelope = answer.Envelope;
        using var json = new Utf8JsonWriter(pipe, ChatWire.WriterOptions);

        void Event(string? content, bool role, string? finish, ChatWire.Usage? usage)
        {
            pipe.Write(ChatWire.DataPrefix);
            json.Reset(pipe);
            ChatWire.WriteChunk(json, envelope, content, role, finish, usage);
            json.Flush();
            pipe.Write(ChatWire.EventEnd);
        }

        switch (fault)
        {
            case FaultKind.EmptyReply: // headers sent, then the stream closes before its first chunk
                await pipe.FlushAsync(ct).ConfigureAwait(false);
                await ctx.Response.CompleteAsync().ConfigureAwait(false);
                return;
            case FaultKind.ErrorInStream:
                pipe.Write(ChatWire.DataPrefix);
                pipe.Write(ChatWire.Error("The model failed while generating (fake).", "server_error", "stream_error"));
                pipe.Write(ChatWire.EventEnd);
                pipe.Write(ChatWire.Done);
                await pipe.FlushAsync(ct).ConfigureAwait(false);
                await ctx.Response.CompleteAsync().ConfigureAwait(false);
                return;
        }

        var paced = tokensPerSecond > 0;
        var tokens = answer.Tokens;
        var faultAt = fault is FaultKind.StallMidStream or FaultKind.MalformedChunk or FaultKind.BrokenStream
            ? Math.Min(chunksBeforeFault, tokens.Count)
            : -1;
        if (tokens.Count == 0) Event("", role: true, null, null);
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i == faultAt)
            {
                await pipe.FlushAsync(ct).ConfigureAwait(false);
                switch (fault)
                {
                    case FaultKind.StallMidStream:
                        await HangThenAbortAsync(ctx, ct).ConfigureAwait(false);
                        return;
                    case FaultKind.BrokenStream:
                        await AbortSoonAsync(ctx, ct).ConfigureAwait(false);
                        return;
                    case FaultKind.MalformedChunk:
                        pipe.Write(ChatWire.MalformedChunk);
                        await pipe.FlushAsync(ct).ConfigureAwait(false);
                        break;
                }
            }
            if (i == tokens.Count) break;
            if (paced)
            {
                var due = firstToken + TimeSpan.FromSeconds(i / tokensPerSecond);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            Event(tokens[i], role: i == 0, null, null);
            Stats.TokensWritten(1);
            if (paced) await pipe.FlushAsync(ct).ConfigureAwait(false);
        }
        Event(null, role: false, answer.FinishReason, request.IncludeUsage ? answer.Usage : null);
        pipe.Write(ChatWire.Done);
        await pipe.FlushAsync(ct).ConfigureAwait(false);
        await ctx.Response.CompleteAsync().ConfigureAwait(false);
        if (CompletesCall(fault) && !ct.IsCancellationRequested) Stats.Completed(request.User, Elapsed(ctx));
    }

    // Outcomes after which the server has sent a whole, well-formed reply (whatever its content).
    private static bool CompletesCall(FaultKind fault) =>
        fault is FaultKind.Ok or FaultKind.SlowStream or FaultKind.ProseReply or FaultKind.FencedJson or FaultKind.SchemaMismatch;

    private const string StartedKey = "eco.fake.started";

    private static TimeSpan Elapsed(HttpContext ctx) => Stopwatch.GetElapsedTime((long)ctx.Items[StartedKey]!);

    private async Task RespondWholeAsync(HttpContext ctx, FakeChatRequest request, Answer answer, FaultKind fault, double tokensPerSecond, CancellationToken ct)
    {
        var delay = NextLatency();
        if (tokensPerSecond > 0) delay += TimeSpan.FromSeconds(answer.Tokens.Count / tokensPerSecond);
        await Task.Delay(delay, ct).ConfigureAwait(false);

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, ChatWire.WriterOptions))
        {
            ChatWire.WriteCompletion(json, answer.Envelope, answer.Text, answer.FinishReason, answer.Usage);
        }
        var body = buffer.WrittenMemory;
        var half = body[..(body.Length / 2)];

        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json";
        switch (fault)
        {
            case FaultKind.ErrorInStream: // a whole reply has no stream: the error comes as the body of a 200
                var error = ChatWire.Error("The model failed while generating (fake).", "server_error", "stream_error");
                ctx.Response.ContentLength = error.Length;
                await ctx.Response.Body.WriteAsync(error, ct).ConfigureAwait(false);
                return;
            case FaultKind.StallMidStream:
                ctx.Response.ContentLength = body.Length;
                await ctx.Response.Body.WriteAsync(half, ct).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await HangThenAbortAsync(ctx, ct).ConfigureAwait(false);
                return;
            case FaultKind.BrokenStream:
                ctx.Response.ContentLength = body.Length;
                await ctx.Response.Body.WriteAsync(half, ct).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await AbortSoonAsync(ctx, ct).ConfigureAwait(false);
                return;
            case FaultKind.MalformedChunk:
                ctx.Response.ContentLength = half.Length;
                await ctx.Response.Body.WriteAsync(half, ct).ConfigureAwait(false);
                return;
        }
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ct).ConfigureAwait(false);
        await ctx.Response.CompleteAsync().ConfigureAwait(false);
        Stats.TokensWritten(answer.Tokens.Count);
        if (CompletesCall(fault) && !ct.IsCancellationRequested) Stats.Completed(request.User, Elapsed(ctx));
    }

    /// <summary>Aborts the connection after a short grace period, so the client has read what was already sent (an immediate reset can discard it in the client's socket buffer).</summary>
    private static async Task AbortSoonAsync(HttpContext ctx, CancellationToken ct)
    {
        await Task.Delay(BrokenStreamGrace, ct).ConfigureAwait(false);
        ctx.Abort();
    }

    private async Task HangThenAbortAsync(HttpContext ctx, CancellationToken ct)
    {
        await Task.Delay(_options.HangLimit, ct).ConfigureAwait(false);
        ctx.Abort();
    }

    private static async Task WriteErrorAsync(HttpContext ctx, int status, byte[] body, CancellationToken ct)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ct).ConfigureAwait(false);
    }

    private TimeSpan NextLatency()
    {
        var (min, max) = (_options.MinLatency, _options.MaxLatency);
        if (max <= min) return min;
        double dice;
        lock (_latencyLock) dice = _latencyRandom.NextDouble();
        return min + (max - min) * dice;
    }

    /// <summary>The response to send: text split into tokens (cut at <c>max_tokens</c>), finish reason, usage and ids.</summary>
    private sealed record Answer(string Text, IReadOnlyList<string> Tokens, string FinishReason, ChatWire.Usage Usage, ChatWire.Envelope Envelope)
    {
        public static Answer Create(FakeChatRequest request, string text)
        {
            var tokens = FakeTokenizer.Split(text);
            var finish = "stop";
            if (request.MaxTokens is { } max && max >= 0 && tokens.Count > max)
            {
                tokens = tokens.Take(max).ToArray();
                text = string.Concat(tokens);
                finish = "length";
            }
            var prompt = request.Messages.Sum(m => FakeTokenizer.Split(m.Content).Count + 4);
            var envelope = new ChatWire.Envelope(
                "chatcmpl-" + Guid.NewGuid().ToString("N")[..24],
                DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                string.IsNullOrEmpty(request.Model) ? "fake-model" : request.Model);
            return new Answer(text, tokens, finish, new ChatWire.Usage(prompt, tokens.Count), envelope);
        }
    }

    /// <summary>The runtime state of a <see cref="FaultPlan"/>: remaining script and seeded dice, behind a lock.</summary>
    private sealed class FaultState(FaultPlan plan)
    {
        private readonly Queue<FaultKind> _script = new(plan.Script);
        private readonly Random _dice = plan.Seed is { } seed ? new Random(seed) : new Random();
        private readonly bool _hasProbabilities = plan.HasProbabilities;
        private readonly Lock _gate = new();

        public FaultPlan Plan { get; } = plan;

        public FaultKind Next(string? model)
        {
            if (!Plan.AppliesTo(model)) return FaultKind.Ok;
            lock (_gate)
            {
                if (_script.TryDequeue(out var scripted)) return scripted;
                return _hasProbabilities ? Plan.Roll(_dice.NextDouble()) : FaultKind.Ok;
            }
        }
    }
}
