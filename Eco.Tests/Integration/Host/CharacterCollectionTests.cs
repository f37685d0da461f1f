using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>Scans make friends with a character once per user, over the node's public API: a second scan of the same kind says
/// the character is already a friend, and <c>GET /v1/me/characters</c> lists each user's own.</summary>
[Trait("Category", "Integration")]
public sealed class CharacterCollectionTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SecondScanOfTheSameKind_SaysAlreadyFriends_AndEachUserHasTheirOwnCollection()
    {
        var (firstJob, first) = await ScanAsync(_node.Http);
        Assert.True(first.GetProperty("eligible").GetBoolean());
        Assert.False(first.GetProperty("already_owned").GetBoolean());
        Assert.Contains("친구로 얻었어요", first.GetProperty("message").GetString());
        var character = first.GetProperty("character").GetString()!;

        var (_, second) = await ScanAsync(_node.Http);
        Assert.True(second.GetProperty("eligible").GetBoolean()); // still a correct scan
        Assert.True(second.GetProperty("already_owned").GetBoolean());
        Assert.Contains("이미 친구예요", second.GetProperty("message").GetString());
        Assert.DoesNotContain("친구로 얻었어요", second.GetProperty("message").GetString());

        using var alice = _node.ClientWith(_node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        var (_, alices) = await ScanAsync(alice);
        Assert.False(alices.GetProperty("already_owned").GetBoolean()); // another user's first

        var mine = JsonDocument.Parse(await _node.Http.GetStringAsync("v1/me/characters")).RootElement;
        var friend = Assert.Single(mine.GetProperty("characters").EnumerateArray());
        Assert.Equal(character, friend.GetProperty("name").GetString());
        Assert.Equal(firstJob, friend.GetProperty("job_id").GetString());
        Assert.True(mine.GetProperty("of").GetInt32() > 1);
        using var bob = _node.ClientWith(_node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        Assert.Empty(JsonDocument.Parse(await bob.GetStringAsync("v1/me/characters")).RootElement.GetProperty("characters").EnumerateArray());
    }

    private async Task<(string JobId, JsonElement Reward)> ScanAsync(HttpClient http)
    {
        using var response = await http.PostAsync("v1/jobs", new StringContent(
            """{"kind":"scan","image_url":"https://img.example/uploads/pet_bottle.jpg"}""", System.Text.Encoding.UTF8, "application/json"));
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        Assert.Equal("completed", (await _node.WaitForEndAsyncAs(http, jobId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        var events = JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{jobId}/events")).RootElement;
        var reward = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "stage.completed" && e.GetProperty("stage").GetString() == "reward");
        return (jobId, reward.GetProperty("data").GetProperty("output").Clone());
    }
}
