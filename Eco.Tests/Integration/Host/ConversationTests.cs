using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

[Trait("Category", "Integration")]
public sealed class ConversationTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private Task<TestNode> StartAsync(TimeSpan tokenDelay, Dictionary<string, string?>? settings = null) =>
        TestNode.StartAsync(_dir.Path, tokenDelay, settings);

    private static async Task<JsonElement> ConversationAsync(TestNode node, string id) =>
        JsonDocument.Parse(await node.Http.GetStringAsync($"v1/conversations/{id}")).RootElement;

    [Fact]
    public async Task FollowUp_InSameConversation_IsReadWithTheEarlierTurn()
    {
        await using var node = await StartAsync(TimeSpan.Zero);
        var first = await node.SubmitAsync(new { kind = "chat", message = "근처 재활용센터 알려줘", conversation_id = "c-follow" });
        await node.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        Assert.Contains(await node.GetEventsAsync(first), e => e.Type == "needs_input");

        // The next message only brings the location; read with the earlier turn, it is a location question again.
        var second = await node.SubmitAsync(new
        {
            kind = "chat",
            message = "여기야",
            conversation_id = "c-follow",
            location = new { latitude = 37.5665, longitude = 126.9780 },
        });
        await node.WaitForEndAsync(second, TimeSpan.FromSeconds(30));
        var events = await node.GetEventsAsync(second);
        Assert.Contains(events, e => e.Type == "stage.started" && e.Stage == "agent.location");
        Assert.DoesNotContain(events, e => e.Type == "needs_input" && e.Raw.Contains("\"agent\":\"location\""));

        var conversation = await ConversationAsync(node, "c-follow");
        Assert.Equal(2, conversation.GetProperty("total_turns").GetInt32());
        Assert.Equal("근처 재활용센터 알려줘", conversation.GetProperty("turns")[0].GetProperty("user").GetString());
    }

    [Fact]
    public async Task TwoMessagesAtOnce_DefaultPolicyEnqueues_SecondAnswersAfterFirstAndSeesIt()
    {
        await using var node = await StartAsync(TimeSpan.FromMilliseconds(5));
        var first = await node.SubmitAsync(new { kind = "chat", message = "이 페트병 어떻게 버려?", conversation_id = "c-queue" });
        var second = await node.SubmitAsync(new { kind = "chat", message = "그럼 유리병은?", conversation_id = "c-queue" });
        var firstEnd = await node.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        await node.WaitForEndAsync(second, TimeSpan.FromSeconds(30));

        var secondEvents = await node.GetEventsAsync(second);
        var contextDone = secondEvents.Single(e => e.Type == "stage.completed" && e.Stage == "context");
        var firstDone = (await node.GetEventsAsync(first))[^1];
        Assert.True(string.CompareOrdinal(contextDone.Ts, firstDone.Ts) >= 0, "the second turn started before the first ended");
        Assert.Contains(firstEnd.GetProperty("answer").GetString()!, contextDone.Raw.Replace("\\n", "\n")); // it saw the first answer
        Assert.Contains("유리", (await node.WaitForEndAsync(second, TimeSpan.FromSeconds(5))).GetProperty("answer").GetString());
    }

    [Fact]
    public async Task BusyConversation_RejectPolicy_FailsTheNewJobWithAReason()
    {
        await using var node = await StartAsync(TimeSpan.FromMilliseconds(30));
        var first = await node.SubmitAsync(new { kind = "chat", message = "다 쓴 형광등 버리는 법", conversation_id = "c-reject" });
        var second = await node.SubmitAsync(new { kind = "chat", message = "안녕", conversation_id = "c-reject", busy_policy = "reject" });
        var rejected = await node.WaitForEndAsync(second, TimeSpan.FromSeconds(30));
        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Contains("conversation busy", rejected.GetProperty("reason").GetString());
        Assert.Equal("completed", (await node.WaitForEndAsync(first, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task BusyConversation_InterruptPolicy_EndsTheRunningTurnAndAnswersTheNewOne()
    {
        await using var node = await StartAsync(TimeSpan.FromMilliseconds(30));
        var first = await node.SubmitAsync(new { kind = "chat", message = "스티로폼 박스 버리는 방법 알려줘", conversation_id = "c-interrupt" });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await node.GetEventsAsync(first)).Any(e => e.Type == "token"))
        {
            await Task.Delay(10, deadline.Token);
        }
        var second = await node.SubmitAsync(new { kind = "chat", message = "우유팩은?", conversation_id = "c-interrupt", busy_policy = "interrupt" });
        var interrupted = await node.WaitForEndAsync(first, TimeSpan.FromSeconds(30));
        Assert.Equal("failed", interrupted.GetProperty("status").GetString());
        Assert.Contains("interrupted", interrupted.GetProperty("reason").GetString());
        Assert.Equal("completed", (await node.WaitForEndAsync(second, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
        var events = await node.GetEventsAsync(first);
        Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());

        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonElement conversation;
        do
        {
            conversation = await ConversationAsync(node, "c-interrupt");
        } while (conversation.GetProperty("active_job").ValueKind != JsonValueKind.Null && !settle.IsCancellationRequested);
        Assert.Equal(1, conversation.GetProperty("total_turns").GetInt32()); // only the answered turn is history
        Assert.Equal("우유팩은?", conversation.GetProperty("turns")[0].GetProperty("user").GetString());
    }

    [Fact]
    public async Task OverBudget_OldTurnsAreSummarizedAndLeaveTheWorkingContext()
    {
        await using var node = await StartAsync(TimeSpan.Zero, new Dictionary<string, string?>
        {
            ["Eco:Chat:ContextTokenBudget"] = "100",
            ["Eco:Chat:KeepRecentTurns"] = "1",
        });
        string[] messages = ["이 페트병 어떻게 버려?", "깨진 유리컵은 어디에 버려요?", "다 쓴 건전지는?", "우유팩 분리배출 방법"];
        string last = "";
        foreach (var message in messages)
        {
            last = await node.SubmitAsync(new { kind = "chat", message, conversation_id = "c-summary" });
            await node.WaitForEndAsync(last, TimeSpan.FromSeconds(30));
        }
        var summarized = (await node.GetEventsAsync(last)).Single(e => e.Type == "stage.completed" && e.Stage == "summarize");
        Assert.Contains("\"summarized\":true", summarized.Raw);

        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonElement conversation;
        do
        {
            conversation = await ConversationAsync(node, "c-summary");
        } while (conversation.GetProperty("total_turns").GetInt32() < messages.Length && !settle.IsCancellationRequested);
        Assert.Equal(messages.Length, conversation.GetProperty("total_turns").GetInt32());
        Assert.True(conversation.GetProperty("turns").GetArrayLength() <= 2, "summarized turns stayed in the working context");
        Assert.Contains("페트병", conversation.GetProperty("summary").GetString());
    }
}
