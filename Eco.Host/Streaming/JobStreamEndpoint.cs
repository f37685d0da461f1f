using System.Net.WebSockets;
using System.Text;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Host.Api;
using Eco.Host.Auth;
using Eco.Host.Limits;
using Eco.Host.Telemetry;

namespace Eco.Host.Streaming;

/// <summary>
/// <c>GET /v1/jobs/{id}/stream?after_seq=N</c> over WebSocket: one text frame per event after N (journaled, then live) with no gap and no
/// duplicate; the server closes with 1000 after the terminal event.
/// </summary>
internal static class JobStreamEndpoint
{
    /// <summary>Close code for a request the server will not serve (RFC 6455 policy violation).</summary>
    private const WebSocketCloseStatus BadRequest = WebSocketCloseStatus.PolicyViolation;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public static async Task HandleAsync(HttpContext context, string jobId, IJournal journal, JobWatcher watcher, Ownership ownership,
        UserStreams streams, NodeMetrics metrics)
    {
        var cancellationToken = context.RequestAborted;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(
                detail: "this endpoint streams over WebSocket only: connect with ws://…/stream (Upgrade: websocket), or read GET /v1/jobs/{id}/events",
                statusCode: StatusCodes.Status426UpgradeRequired).ExecuteAsync(context);
            return;
        }

        using var open = streams.TryOpen(context.User, jobId);
        if (open is null)
        {
            await streams.TooMany(context.Response).ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            KeepAliveTimeout = TimeSpan.FromSeconds(30),
        });

        if (!JobId.TryParse(jobId, out var id, out var error))
        {
            await RefuseAsync(socket, BadRequest, error);
            return;
        }
        if (!QueryArguments.TryParseAfterSeq(context.Request.Query["after_seq"].FirstOrDefault(), out var afterSeq, out error))
        {
            await RefuseAsync(socket, BadRequest, error);
            return;
        }
        // Someone else's job is refused exactly as one that does not exist.
        var head = await ownership.CanSeeJobAsync(id, context.User, cancellationToken) ? await journal.GetStreamAsync(id, cancellationToken) : null;
        if (head is null)
        {
            await RefuseAsync(socket, BadRequest, $"no job with id '{id}'");
            return;
        }
        if (afterSeq > head.LastSeq && head.IsTerminal)
        {
            await RefuseAsync(socket, BadRequest, $"after_seq {afterSeq} is past the job's last seq {head.LastSeq}");
            return;
        }
        if (head.IsTerminal && afterSeq == head.LastSeq)
        {
            await RefuseAsync(socket, WebSocketCloseStatus.NormalClosure, "job already ended; nothing after this seq");
            return;
        }

        // Reading the socket is what notices a client's close frame or a dead peer; when it ends, sending stops.
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A revoked token stops the events, not the socket (cancelling a socket operation aborts it): the close frame says why.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(connection.Token, open.Revoked);
        var receiving = DrainIncomingAsync(socket, connection);
        var serializer = new EventJsonWriter();
        var ended = false;
        var watchingSince = metrics.Now;
        try
        {
            await foreach (var entry in watcher.WatchAsync(id, afterSeq, watching.Token))
            {
                await socket.SendAsync(serializer.Serialize(entry), WebSocketMessageType.Text, endOfMessage: true, connection.Token);
                metrics.Sent(entry, watchingSince, "websocket");
                ended = entry.IsTerminal;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the client went away; it resumes with after_seq = the last seq it saw
        }
        var revoked = open.Revoked.IsCancellationRequested && !ended;
        if (ended || revoked)
        {
            await CloseAsync(socket, revoked ? BadRequest : WebSocketCloseStatus.NormalClosure,
                revoked ? AuthFailures.Describe(new TokenRevokedException()) : "job ended");
            // Finish the close handshake before returning: tearing the connection down at once can reset it while the client
            // still has the last events unread in its buffer.
            await receiving.WaitAsync(CloseHandshakeTimeout, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await connection.CancelAsync();
        await receiving;
    }

    private static async Task DrainIncomingAsync(WebSocket socket, CancellationTokenSource connection)
    {
        var buffer = new byte[1024];
        try
        {
            while (!connection.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, connection.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // closed or aborted
        }
        await connection.CancelAsync();
    }

    /// <summary>Closes before streaming anything (bad request, nothing to send) and waits for the client's close frame.</summary>
    private static async Task RefuseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        await CloseAsync(socket, status, reason);
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                if ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the peer did not answer the close; nothing more to do
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await socket.CloseOutputAsync(status, FitCloseReason(reason), timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the peer vanished during the close handshake
        }
    }

    /// <summary>A close reason is limited to 123 UTF-8 bytes by RFC 6455.</summary>
    internal static string FitCloseReason(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }
        var cut = reason;
        while (Encoding.UTF8.GetByteCount(cut) > 120)
        {
            cut = cut[..^1];
        }
        return cut + "…";
    }
}
