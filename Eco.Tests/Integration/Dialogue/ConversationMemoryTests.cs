using System.Text.Json;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Dialogue;

/// <summary>The conversation's subject over the real API: journaled, shown, kept across a restart, and carried to a real model's prompt.</summary>
[Trait("Category", "Integration")]
public sealed class ConversationMemoryTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> AskAsync(TestNode node, string conversation, string message, object? location = null)
    {
        var job = await node.SubmitAsync(location is null
            ? new { kind = "chat", message, conversation_id = conversation }
            : new { kind = "chat", message, conversation_id = conversation, location });
        var end = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", end.GetProperty("status").GetString());
        return end.GetProperty("answer").GetString()!;
    }

    private static async Task<JsonElement> ConversationAsync(TestNode node, string id) =>
        JsonDocument.Parse(await node.Http.GetStringAsync($"v1/conversations/{id}")).RootElement;

    [Fact]
    public async Task The_subject_and_location_survive_a_restart_between_turns()
    {
        var data = Path.Combine(_dir.Path, "node");
        await using (var node = await TestNode.StartAsync(data, TimeSpan.Zero))
        {
            await AskAsync(node, "c-restart", "강남구에서 소파 버리는 비용 알려줘", new { latitude = 37.5665, longitude = 126.9780 });
            var view = await ConversationAsync(node, "c-restart");
            Assert.Equal("강남구", view.GetProperty("subject").GetProperty("district").GetString());
            Assert.Equal("소파", view.GetProperty("subject").GetProperty("item").GetString());
            Assert.Equal(37.5665, view.GetProperty("location").GetProperty("latitude").GetDouble());
        }

        await using var restarted = await TestNode.StartAsync(data, TimeSpan.Zero);
        var after = await ConversationAsync(restarted, "c-restart");
        Assert.Equal("강남구", after.GetProperty("subject").GetProperty("district").GetString());
        // The follow-up names neither the district nor the item: both come from the journaled subject.
        var answer = await AskAsync(restarted, "c-restart", "신청은 어떻게 해?");
        Assert.Contains("강남구", answer);
        // The location shared in the first turn still stands: "nearby" needs no second sharing.
        var nearby = await AskAsync(restarted, "c-restart", "근처 재활용센터 알려줘");
        Assert.Contains("km", nearby);
    }

    [Fact]
    public async Task A_new_subject_replaces_the_old_one_and_nothing_of_it_is_mixed_in()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, TimeSpan.Zero);
        Assert.Contains("라벨", await AskAsync(node, "c-switch", "페트병 어떻게 버려?"));
        var glass = await AskAsync(node, "c-switch", "그럼 유리병은?");
        Assert.Contains("유리병", glass);
        Assert.DoesNotContain("페트", glass);
        Assert.Equal("유리병", (await ConversationAsync(node, "c-switch")).GetProperty("subject").GetProperty("item").GetString());
        var broken = await AskAsync(node, "c-switch", "깨진 거면?");
        Assert.Contains("신문지", broken); // broken glass is wrapped, not put with the bottles
    }

    [Fact]
    public async Task Through_the_OpenAI_provider_the_subject_reaches_the_prompt_and_resolves_the_follow_up()
    {
        await using var server = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(5), tokensPerSecond: 2_000);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(server, "fake-gpt"));
        await AskAsync(node, "c-openai", "페트 가격 얼마야?");
        // The fake server's brain reads the subject only from the classification prompt: without it, "경남은?" means nothing.
        var job = await node.SubmitAsync(new { kind = "chat", message = "경남은?", conversation_id = "c-openai" });
        var end = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
        var answer = end.GetProperty("answer").GetString()!;
        Assert.True(answer.Contains("경남"), string.Join("\n", (await node.GetEventsAsync(job)).Where(e => e.Type == "stage.completed").Select(e => e.Raw)));
        Assert.Contains("PET", answer);
        var classified = (await node.GetEventsAsync(job)).Single(e => e.Type == "stage.completed" && e.Stage == "classify");
        Assert.Contains("recyclable_price", classified.Raw);
        Assert.Equal(1, server.Stats.CompletedCalls($"{job}:classify")); // classified by the model, not the offline rules
    }
}
