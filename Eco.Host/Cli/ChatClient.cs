using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Host.Streaming;

namespace Eco.Host.Cli;

/// <summary><c>eco chat</c>: submits a chat job to a running node and prints the answer as it streams, resuming after drops.</summary>
internal sealed class ChatClient(TextWriter output, TextWriter progress)
{
    private const int MaxReconnects = 10;

    public sealed record Request(NodeTarget Node, string Message, string? ConversationId, bool Json, string? IdempotencyKey, GeoLocation? Location);

    public async Task<int> RunAsync(Request request, CancellationToken cancellationToken)
    {
        var baseUri = request.Node.BaseUri;
        using var http = request.Node.CreateClient(TimeSpan.FromSeconds(30));
        var bearer = http.DefaultRequestHeaders.Authorization?.Parameter;
        string jobId;
        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "v1/jobs")
            {
                Content = JsonContent.Create(new Dictionary<string, object?>
                {
                    ["kind"] = "chat",
                    ["message"] = request.Message,
                    ["conversation_id"] = request.ConversationId,
                    ["location"] = request.Location is { } at ? new Dictionary<string, double> { ["latitude"] = at.Latitude, ["longitude"] = at.Longitude } : null,
                }),
            };
            if (request.IdempotencyKey is not null)
            {
                post.Headers.Add("Idempotency-Key", request.IdempotencyKey);
            }
            using var response = await http.SendAsync(post, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? $"; {request.Node.UnauthorizedHint}" : "";
                await progress.WriteLineAsync($"eco: the node refused the job ({(int)response.StatusCode}): {ProblemDetail(body)}{hint}");
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
                await output.WriteAsync(data.GetProperty("text").GetString());
                await output.FlushAsync();
                break;
            case "job.completed":
                await output.WriteLineAsync();
                return 0;
            case "job.failed":
                await output.WriteLineAsync();
                await progress.WriteLineAsync($"eco: job failed: {data.GetProperty("reason").GetString()}");
                return 1;
        }
        return null;
    }

    private static string Text(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) ? value.ToString() : "?";

    private static string Ms(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) && value.TryGetDouble(out var ms)
            ? ms.ToString("0", CultureInfo.InvariantCulture)
            : "?";

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
