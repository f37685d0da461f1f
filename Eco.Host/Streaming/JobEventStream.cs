using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Host.Auth;
using Eco.Host.Limits;
using Eco.Host.Telemetry;

namespace Eco.Host.Streaming;

/// <summary>
/// <c>GET /v1/jobs/{id}/events</c> with <c>Accept: text/event-stream</c>: the job's events as Server-Sent Events, each with
/// <c>id:</c> = its seq and <c>event:</c> = its type, journaled ones then live ones, ending after the terminal event. A browser's
/// <c>EventSource</c> that reconnects sends <c>Last-Event-ID</c> and gets exactly the events after it; once the job has ended
/// and nothing is left, the answer is 204, which tells an <c>EventSource</c> to stop reconnecting.
/// </summary>
internal static class JobEventStream
{
    public const string MediaType = "text/event-stream";

    /// <summary>True when the client asks for an event stream rather than a JSON array.</summary>
    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Any(accept => accept?.Contains(MediaType, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The stream, or the refusal: 400 for a bad <c>Last-Event-ID</c>, 404 for a job that is not there (or not the
    /// caller's), 204 when nothing is left after the seq asked for, 429 beyond the user's open streams.</summary>
    public static async Task<IResult> OpenAsync(HttpContext context, JobId id, long afterSeq, IJournal journal, Ownership ownership)
    {
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var resumeAfter))
            {
                return TypedResults.Problem(detail: "Last-Event-ID must be the seq of the last event received (a whole number)", statusCode: StatusCodes.Status400BadRequest);
            }
            afterSeq = Math.Max(afterSeq, resumeAfter);
        }
        var cancellationToken = context.RequestAborted;
        var head = await ownership.CanSeeJobAsync(id, context.User, cancellationToken) ? await journal.GetStreamAsync(id, cancellationToken) : null;
        if (head is null)
        {
            return TypedResults.Problem(detail: $"no job with id '{id}'", statusCode: StatusCodes.Status404NotFound);
        }
        if (head.IsTerminal && afterSeq >= head.LastSeq)
        {
            return TypedResults.NoContent(); // the job ended and the client has it all: an EventSource stops here
        }
        var services = context.RequestServices;
        var streams = services.GetRequiredService<UserStreams>();
        if (streams.TryOpen(context.User, id.Value) is not { } open)
        {
            return streams.TooMany(context.Response);
        }
        context.Response.RegisterForDispose(open); // the place is freed when the response ends, however it ends
        return TypedResults.ServerSentEvents(EventsAsync(services.GetRequiredService<JobWatcher>(), services.GetRequiredService<NodeMetrics>(), id,
            afterSeq, open, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(JobWatcher watcher, NodeMetrics metrics, JobId id, long afterSeq,
        UserStreams.OpenStream open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, open.Revoked);
        var watchingSince = metrics.Now;
        var writer = new EventJsonWriter();
        await using var events = watcher.WatchAsync(id, afterSeq, watching.Token).GetAsyncEnumerator(watching.Token);
        while (true)
        {
            bool next;
            try
            {
                next = await events.MoveNextAsync();
            }
            catch (OperationCanceledException) when (open.Revoked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break; // the token was revoked while the stream was open
            }
            if (!next)
            {
                yield break;
            }
            var entry = events.Current;
            yield return new SseItem<string>(Encoding.UTF8.GetString(writer.Serialize(entry).Span), entry.Type)
            {
                EventId = entry.Seq.ToString(CultureInfo.InvariantCulture),
            };
            metrics.Sent(entry, watchingSince, "sse"); // the enumerator resumes once the item is written to the response
            if (entry.IsTerminal)
            {
                yield break;
            }
        }
        yield return new SseItem<string>(AuthFailures.Describe(new TokenRevokedException()), "revoked");
    }
}
