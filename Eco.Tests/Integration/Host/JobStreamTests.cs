using System.Net.WebSockets;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Trait("Category", "Integration")]
public sealed class JobStreamTests() : NodeTest(TimeSpan.FromMilliseconds(2))
{

    [Fact]
    public async Task Stream_ReconnectAtEveryAfterSeqOfFinishedJob_YieldsExactlyTheRest()
    {
        var jobId = await Node.SubmitChatAsync("다 쓴 건전지는 어디에 버려?");
        await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(30));
        var journal = await Node.GetEventsAsync(jobId);
        var last = journal[^1].Seq;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var after = 0L; after <= last; after++)
        {
            var (events, status, _) = await Node.WatchAsync(jobId, after, timeout.Token);
            Assert.Equal(journal.Skip((int)after).Select(e => e.Raw), events.Select(e => e.Raw));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        }
        var (beyond, beyondStatus, reason) = await Node.WatchAsync(jobId, last + 1, timeout.Token);
        Assert.Empty(beyond);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, beyondStatus);
        Assert.Contains("past the job's last seq", reason);
    }

    [Fact]
    public async Task Stream_ClientDropsMidJob_ResumesWithLastSeqWithoutGapOrDuplicate()
    {
        var jobId = await Node.SubmitChatAsync("스티로폼 박스 버리는 방법 알려줘");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<WireEvent>();
        using (var socket = new ClientWebSocket())
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {Node.UserToken}");
            await socket.ConnectAsync(Node.StreamUri(jobId, "0"), timeout.Token);
            var buffer = new byte[8192];
            while (received.Count < 5)
            {
                var r = await socket.ReceiveAsync(buffer, timeout.Token);
                received.Add(WireEvent.Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, r.Count)));
            }
            socket.Abort(); // the connection dies without a close handshake
        }
        var (rest, status, _) = await Node.WatchAsync(jobId, received[^1].Seq, timeout.Token);
        received.AddRange(rest);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Events.AssertContiguousWithOneTerminal(received.Select(e => e.Seq).ToList(), received.Select(e => e.Type).ToList());
        Assert.Equal((await Node.GetEventsAsync(jobId)).Select(e => e.Raw), received.Select(e => e.Raw));
    }

    [Fact]
    public async Task Stream_LiveSwitchOver_200JobsThreeClientsEach_EveryClientGetsExactlyTheRest()
    {
        const int jobs = 200;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var jobIds = await Task.WhenAll(Enumerable.Range(0, jobs).Select(i => Node.SubmitChatAsync(Questions[i % Questions.Length])));
        var random = new Random(7);
        var watches = jobIds.SelectMany(jobId => new[]
        {
            WatchFromAsync(jobId, () => Task.FromResult(0L), timeout.Token),                              // from the start, at once
            WatchFromAsync(jobId, async () => { await Task.Delay(random.Next(0, 40)); return 0L; }, timeout.Token), // joins mid-run
            WatchFromAsync(jobId, async () =>                                                             // resumes from a seq seen by REST
            {
                await Task.Delay(random.Next(0, 40));
                var seen = await Node.GetEventsAsync(jobId);
                return seen.Count == 0 ? 0 : seen[Math.Min(seen.Count - 1, 3)].Seq;
            }, timeout.Token),
        }).ToArray();
        var results = await Task.WhenAll(watches);

        foreach (var group in results.GroupBy(r => r.JobId))
        {
            var journal = await Node.GetEventsAsync(group.Key);
            Events.AssertContiguousWithOneTerminal(journal.Select(e => e.Seq).ToList(), journal.Select(e => e.Type).ToList());
            foreach (var (_, after, events, status) in group)
            {
                Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
                Assert.Equal(journal.Skip((int)after).Select(e => e.Raw), events.Select(e => e.Raw));
            }
        }
    }

    [Theory]
    [InlineData("-1", "after_seq must be 0 or greater")]
    [InlineData("abc", "after_seq must be a whole number")]
    public async Task Stream_BadAfterSeq_ClosesWith1008AndReason(string afterSeq, string reason)
    {
        var jobId = await Node.SubmitChatAsync("종이팩");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Node.UserToken}");
        await socket.ConnectAsync(Node.StreamUri(jobId, afterSeq), timeout.Token);
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Contains(reason, socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Stream_UnknownJob_ClosesWith1008()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (events, status, reason) = await Node.WatchAsync("ffffffffffffffffffffffffffffffff", 0, timeout.Token);
        Assert.Empty(events);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("no job with id", reason);
    }

    private async Task<(string JobId, long After, List<WireEvent> Events, WebSocketCloseStatus? Status)> WatchFromAsync(
        string jobId, Func<Task<long>> after, CancellationToken cancellationToken)
    {
        var afterSeq = await after();
        var (events, status, _) = await Node.WatchAsync(jobId, afterSeq, cancellationToken);
        return (jobId, afterSeq, events, status);
    }

    private static readonly string[] Questions =
    [
        "이 페트병 어떻게 버려?", "깨진 유리컵은 어디에 버려요?", "치킨 뼈는 음식물 쓰레기야?", "다 쓴 형광등 버리는 법",
        "우유팩 분리배출 방법", "택배 상자 테이프 떼야 해?", "안녕 이코!", "헌 옷은 어디에 버려?",
    ];
}
