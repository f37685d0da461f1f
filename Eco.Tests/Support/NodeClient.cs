using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Host.Auth;
using Eco.Host.Streaming;

namespace Eco.Tests.Support;

/// <summary>Talks to a node over its public API only: REST and real WebSockets on loopback.</summary>
public abstract class NodeClient
{
    /// <summary>The user the <see cref="Http"/> client's token is for.</summary>
    public const string TestUser = "test-user";

    private protected NodeClient(Uri baseUri, Uri adminUri, TokenIssuer tokens)
    {
        BaseUri = baseUri;
        AdminUri = adminUri;
        Tokens = tokens;
        UserToken = tokens.Issue(TestUser, admin: false, TimeSpan.FromHours(2)).Token;
        Http = ClientWith(UserToken);
        AdminToken = tokens.Issue("test-admin", admin: true, TimeSpan.FromHours(2)).Token;
        Admin = new HttpClient { BaseAddress = adminUri, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public Uri BaseUri { get; }

    /// <summary>The node's management endpoint (<c>/admin/*</c>).</summary>
    public Uri AdminUri { get; }

    /// <summary>Signs tokens this node accepts (its own key, or the cluster's shared one).</summary>
    public TokenIssuer Tokens { get; }

    /// <summary>The token of <see cref="Http"/> (user <see cref="TestUser"/>).</summary>
    public string UserToken { get; }

    /// <summary>An admin's token for this node.</summary>
    public string AdminToken { get; }

    /// <summary>The public API as <see cref="TestUser"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>The management port with an admin's token.</summary>
    public HttpClient Admin { get; }

    /// <summary>A client of the public API with <paramref name="token"/> (or none).</summary>
    public HttpClient ClientWith(string? token)
    {
        var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    public Task<string> SubmitChatAsync(string message, string? idempotencyKey = null) => SubmitAsync(new { kind = "chat", message }, idempotencyKey);

    public async Task<string> SubmitAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs")
        {
            Content = JsonContent.Create(body),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await Http.SendAsync(request);
        var reply = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode} {reply}");
        return JsonDocument.Parse(reply).RootElement.GetProperty("job_id").GetString()!;
    }

    public async Task<List<WireEvent>> GetEventsAsync(string jobId, long afterSeq = 0)
    {
        var json = await Http.GetStringAsync($"v1/jobs/{jobId}/events?after_seq={afterSeq}");
        return WireEvent.ParseArray(json);
    }

    /// <summary>Polls the job state until it has ended (tests wait on a condition with a deadline, never a fixed sleep).</summary>
    public Task<JsonElement> WaitForEndAsync(string jobId, TimeSpan timeout) => WaitForEndAsyncAs(Http, jobId, timeout);

    /// <summary><see cref="WaitForEndAsync"/> as the user of <paramref name="http"/>.</summary>
    public async Task<JsonElement> WaitForEndAsyncAs(HttpClient http, string jobId, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{jobId}", deadline.Token)).RootElement;
            if (state.GetProperty("status").GetString() is "completed" or "failed")
            {
                return state;
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    public Uri StreamUri(string jobId, string afterSeq) =>
        new($"ws://{BaseUri.Authority}/v1/jobs/{jobId}/stream?after_seq={afterSeq}");

    /// <summary>Reads a job's stream until the server closes; returns the events and the close status.</summary>
    public async Task<(List<WireEvent> Events, WebSocketCloseStatus? Status, string? Reason)> WatchAsync(
        string jobId, long afterSeq, CancellationToken cancellationToken, Func<WireEvent, Task>? onEvent = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {UserToken}");
        await socket.ConnectAsync(StreamUri(jobId, afterSeq.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        var events = new List<WireEvent>();
        var reader = new WebSocketJsonReader(socket);
        while (true)
        {
            using var message = await reader.ReadAsync(cancellationToken);
            if (message is null)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return (events, socket.CloseStatus, socket.CloseStatusDescription);
            }
            var e = WireEvent.Parse(message.RootElement.GetRawText());
            events.Add(e);
            if (onEvent is not null)
            {
                await onEvent(e);
            }
        }
    }
}

/// <summary>One event as a client receives it.</summary>
public sealed record WireEvent(string JobId, long Seq, string Type, string Ts, string? Stage, string? Text, string Raw)
{
    public static WireEvent Parse(string json)
    {
        var e = JsonDocument.Parse(json).RootElement;
        return FromElement(e, json);
    }

    public static List<WireEvent> ParseArray(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => FromElement(e, e.GetRawText()))];

    private static WireEvent FromElement(JsonElement e, string raw) => new(
        e.GetProperty("job_id").GetString()!,
        e.GetProperty("seq").GetInt64(),
        e.GetProperty("type").GetString()!,
        e.GetProperty("ts").GetString()!,
        e.TryGetProperty("stage", out var s) ? s.GetString() : null,
        e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("text", out var t) ? t.GetString() : null,
        raw);
}
