using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Eco.Host.Streaming;

namespace Eco.Host.Cli;

/// <summary><c>eco chat</c> and <c>eco scan</c>: submit a job to a running node (a scan's photo uploaded first) and print the answer
/// as it streams, resuming after drops.</summary>
internal sealed class JobClient(TextWriter output, TextWriter progress)
{
    private const int MaxReconnects = 10;
    private readonly StringBuilder _streamed = new(); // the answer's text as printed, to print only what the final answer adds

    /// <param name="Node">Where to send it.</param>
    /// <param name="Job">The body of <c>POST /v1/jobs</c> (null values are left out).</param>
    /// <param name="Json">Print every event as a JSON line instead of the answer and progress.</param>
    /// <param name="IdempotencyKey">Sent as <c>Idempotency-Key</c>, if any.</param>
    /// <param name="ConversationId">The conversation the job continues, to say how to reply.</param>
    /// <param name="PhotoPath">A photo to upload first; its id goes in the job as <c>image_id</c>.</param>
    public sealed record Request(NodeTarget Node, IReadOnlyDictionary<string, object?> Job, bool Json, string? IdempotencyKey, string? ConversationId = null,
        string? PhotoPath = null);

    public async Task<int> RunAsync(Request request, CancellationToken cancellationToken)
    {
        var baseUri = request.Node.BaseUri;
        using var http = request.Node.CreateClient(TimeSpan.FromSeconds(30));
        var bearer = http.DefaultRequestHeaders.Authorization?.Parameter;
        string jobId;
        try
        {
            var job = request.Job.Where(p => p.Value is not null).ToDictionary();
            if (request.PhotoPath is { } path)
            {
                if (await UploadAsync(http, path, request, cancellationToken) is not { } imageId)
                {
                    return 2;
                }
                job["image_id"] = imageId;
            }
            using var post = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(job) };
            if (request.IdempotencyKey is not null)
            {
                post.Headers.Add("Idempotency-Key", request.IdempotencyKey);
            }
            using var response = await http.SendAsync(post, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await progress.WriteLineAsync($"eco: the node refused the job ({(int)response.StatusCode}): {ProblemDetail(body)}{Hint(response, request)}");
                return 2;
            }
            jobId = JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetString()!;
        }
        catch (HttpRequestException ex)
        {
            await progress.WriteLineAsync($"eco: cannot reach a node at {request.Node.Url} ({ex.Message}). Start one with `eco serve`.");
            return 2;
        }

        if (!request.Json)
        {
            await progress.WriteLineAsync($"job {jobId}");
        }
        var wsUri = new UriBuilder(new Uri(baseUri, $"v1/jobs/{jobId}/stream")) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws" }.Uri;
        var lastSeq = 0L;
        for (var attempt = 0; attempt <= MaxReconnects; attempt++)
        {
            if (attempt > 0)
            {
                await progress.WriteLineAsync($"eco: connection lost; resuming after seq {lastSeq} (try {attempt}/{MaxReconnects})");
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 8)), cancellationToken);
            }
            try
            {
                var outcome = await WatchAsync(new Uri($"{wsUri}?after_seq={lastSeq}"), bearer, request, seq => lastSeq = seq, cancellationToken);
                if (outcome is not null)
                {
                    return outcome.Value;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
            {
                // fall through to reconnect
            }
        }
        await progress.WriteLineAsync("eco: gave up reconnecting; the job goes on at the node. Read it with GET /v1/jobs/" + jobId);
        return 3;
    }

    /// <summary>Streams until the terminal event (returns the exit code) or a drop (returns null).</summary>
    private async Task<int?> WatchAsync(Uri uri, string? bearer, Request request, Action<long> seen, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }
        await socket.ConnectAsync(uri, cancellationToken);
        var reader = new WebSocketJsonReader(socket);
        while (true)
        {
            using var doc = await reader.ReadAsync(cancellationToken);
            if (doc is null)
            {
                if (socket.CloseStatus == WebSocketCloseStatus.PolicyViolation)
                {
                    await progress.WriteLineAsync($"eco: the node closed the stream: {socket.CloseStatusDescription}");
                    return 2;
                }
                return null; // closed before the terminal event: resume
            }
            var e = doc.RootElement;
            seen(e.GetProperty("seq").GetInt64());
            if (request.Json)
            {
                await output.WriteLineAsync(e.GetRawText());
            }
            var exit = request.Json ? TerminalExitCode(e) : await RenderAsync(e, request.ConversationId);
            if (exit is not null)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // the server closes after the terminal event too; the job's outcome is already known
                }
                return exit;
            }
        }
    }

    private static int? TerminalExitCode(JsonElement e) => e.GetProperty("type").GetString() switch
    {
        "job.completed" => 0,
        "job.failed" => 1,
        _ => null,
    };

    private async Task<int?> RenderAsync(JsonElement e, string? conversationId)
    {
        var type = e.GetProperty("type").GetString();
        var stage = e.TryGetProperty("stage", out var s) ? s.GetString() : null;
        var data = e.TryGetProperty("data", out var d) ? d : default;
        switch (type)
        {
            case "stage.started":
                var attempt = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("attempt", out var a) ? a.GetInt32() : 1;
                await progress.WriteLineAsync(attempt > 1 ? $"▸ {stage} (attempt {attempt}; earlier partial text is void)" : $"▸ {stage}");
                break;
            case "stage.completed":
                var ms = data.TryGetProperty("duration_ms", out var took) ? took.GetDouble() : 0;
                await progress.WriteLineAsync($"✓ {stage} ({ms:0.#} ms)");
                break;
            case "stage.failed":
                await progress.WriteLineAsync($"✗ {stage}: {data.GetProperty("error").GetString()}");
                break;
            case "llm.waiting":
                await progress.WriteLineAsync($"… {stage}: waited {Ms(data, "delay_ms")} ms for {Text(data, "provider")} (its rate or concurrency budget was in use)");
                break;
            case "llm.retry":
                await progress.WriteLineAsync($"↻ {stage}: {Text(data, "provider")} {Text(data, "detail")}; trying again in {Ms(data, "delay_ms")} ms");
                break;
            case "llm.fallback":
                await progress.WriteLineAsync($"⇢ {stage}: {Text(data, "detail")}");
                break;
            case "needs_input":
                // The answer goes on without it; the user sends it with the next message of the same conversation.
                var how = Text(data, "type") is "location" ? "--location LAT,LON" : $"the {Text(data, "type")}";
                await progress.WriteLineAsync(conversationId is null
                    ? $"? {stage}: {Text(data, "message")} (ask again with {how})"
                    : $"? {stage}: {Text(data, "message")} (reply with --conversation {conversationId} {how})");
                break;
            case "token":
                var text = data.GetProperty("text").GetString();
                _streamed.Append(text);
                await output.WriteAsync(text);
                await output.FlushAsync();
                break;
            case "job.completed":
                await output.WriteLineAsync(Rest(data.GetProperty("answer").GetString() ?? ""));
                return 0;
            case "job.failed":
                await output.WriteLineAsync();
                await progress.WriteLineAsync($"eco: job failed: {data.GetProperty("reason").GetString()}");
                return 1;
        }
        return null;
    }

    // What the final answer adds to the streamed text (a scan's reward follows its answer); all of it, set apart, if a retried
    // stage made what was printed differ from it.
    private string Rest(string answer)
    {
        var streamed = _streamed.ToString();
        return answer.StartsWith(streamed, StringComparison.Ordinal)
            ? answer[streamed.Length..]
            : $"{Environment.NewLine}── the answer as it ended ──{Environment.NewLine}{answer}";
    }

    private static string Text(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) ? value.ToString() : "?";

    private static string Ms(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) && value.TryGetDouble(out var ms)
            ? ms.ToString("0", CultureInfo.InvariantCulture)
            : "?";

    /// <summary>Uploads the photo; returns its id, or null once it has said why it could not.</summary>
    private async Task<string?> UploadAsync(HttpClient http, string path, Request request, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await progress.WriteLineAsync($"eco: cannot read the photo {path}: {ex.Message}");
            return null;
        }
        if (!request.Json)
        {
            await progress.WriteLineAsync($"uploading {Path.GetFileName(path)} ({ByteSizes.Describe(bytes.Length)})");
        }
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream"); // the node reads the format from the bytes
        using var upload = new HttpRequestMessage(HttpMethod.Post, "v1/images") { Content = content };
        upload.Headers.Add("X-Image-Name", Uri.EscapeDataString(Path.GetFileName(path)));
        using var response = await http.SendAsync(upload, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await progress.WriteLineAsync($"eco: the node refused the photo ({(int)response.StatusCode}): {ProblemDetail(body)}{Hint(response, request)}");
            return null;
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("image_id").GetString();
    }

    private static string Hint(HttpResponseMessage response, Request request) =>
        response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? $"; {request.Node.UnauthorizedHint}" : "";

    private static string ProblemDetail(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
