using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>Server-Sent Events beside the WebSocket: the same events with <c>id:</c> = seq, resumed after <c>Last-Event-ID</c> with
/// no gap and no duplicate, ended after the terminal event, under the same authentication and ownership rules.</summary>
[Trait("Category", "Integration")]
public sealed class JobEventStreamTests() : NodeTest(TimeSpan.FromMilliseconds(15))
{
    [Fact]
    public async Task A_dropped_event_stream_resumes_after_Last_Event_ID_with_exactly_the_rest()
    {
        var jobId = await Node.SubmitChatAsync("형광등 버리는 법 자세히 알려줘");
        var received = new List<SseItem<string>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // First connection: take a few events, then drop it mid-job.
        using (var response = await OpenAsync(Node.Http, jobId, lastEventId: null, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
            {
                received.Add(item);
                if (received.Count == 5)
                {
                    break;
                }
            }
        }
        // Reconnect as an EventSource does: Last-Event-ID = the last id seen; read to the end of the stream.
        using (var response = await OpenAsync(Node.Http, jobId, received[^1].EventId, timeout.Token))
        {
            await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
            {
                received.Add(item);
            }
        }

        var journal = await Node.GetEventsAsync(jobId);
        Assert.Equal(journal.Select(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(e => e.EventId));
        Assert.Equal(journal.Select(e => e.Type), received.Select(e => e.EventType));
        Assert.Equal(journal.Select(e => e.Raw), received.Select(e => e.Data));
        Assert.Equal("job.completed", received[^1].EventType); // the stream ended after the terminal event

        // Once it has it all, a reconnect gets 204: an EventSource stops reconnecting.
        using var after = await OpenAsync(Node.Http, jobId, received[^1].EventId, timeout.Token);
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
    }

    [Fact]
    public async Task An_event_stream_needs_a_token_and_the_job_must_be_the_callers()
    {
        var jobId = await Node.SubmitChatAsync("우유팩 버리는 법");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var anonymous = Node.ClientWith(null);
        using var stranger = Node.ClientWith(Node.Tokens.Issue("stranger", admin: false, TimeSpan.FromHours(1)).Token);

        using var unauthenticated = await OpenAsync(anonymous, jobId, null, timeout.Token);
        using var notTheirs = await OpenAsync(stranger, jobId, null, timeout.Token);
        using var badId = await OpenAsync(Node.Http, jobId, "seven", timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Contains("no job with id", await notTheirs.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);

        // A browser's EventSource cannot set headers: the token rides in the query string.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/jobs/{jobId}/events?access_token={Node.UserToken}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var viaQuery = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        var first = await SseParser.Create(await viaQuery.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token).FirstAsync(timeout.Token);
        Assert.Equal("1", first.EventId);
    }

    [Fact]
    public async Task A_token_revoked_while_its_event_stream_is_open_ends_the_stream_with_the_reason()
    {
        var issued = Node.Tokens.Issue("gina", admin: false, TimeSpan.FromHours(1));
        using var gina = Node.ClientWith(issued.Token);
        using var submitted = await gina.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "폐건전지랑 형광등 버리는 법 자세히" });
        var jobId = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("job_id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await OpenAsync(gina, jobId, null, timeout.Token);
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            items.Add(item);
            if (items.Count == 1)
            {
                using var revoked = await Node.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = issued.Jti }, timeout.Token);
                Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);
            }
        }
        Assert.Equal("revoked", items[^1].EventType);
        Assert.Equal("the token has been revoked", items[^1].Data);
        Assert.DoesNotContain(items, i => i.EventType == "job.completed"); // it ended before the job did
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string jobId, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/jobs/{jobId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
