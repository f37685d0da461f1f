using System.Text.Json;
using System.Text.Json.Nodes;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.Integration.Dialogue;

/// <summary>
/// The multi-turn set (conversations.json, our own): each conversation is played turn by turn over the real API of a node on the
/// embedded default, and each graded turn's answer is checked against keywords from the dataset — what it must say, and what of an
/// earlier subject it must not mix in.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MultiTurnConversationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double Goal = 0.95;
    private const double HeldApartFloor = 0.80; // measured once: 26 of 30 (86.7%)
    private readonly TempDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_multi_turn_set_is_answered_from_the_conversation()
    {
        var (passed, total, failed) = await PlaySetAsync("conversations.json");
        Assert.True(total >= 60, $"the set has {total} conversations; it must have at least 60");
        Assert.True((double)passed / total >= Goal, $"{passed} of {total} conversations right, goal {Goal:P0}: {string.Join(", ", failed)}");
    }

    /// <summary>Conversations written after the resolver was finished and measured once (28 of 30); never used to tune it.</summary>
    [Fact]
    public async Task The_held_apart_set_is_answered_from_the_conversation()
    {
        var (passed, total, failed) = await PlaySetAsync("held-apart.json");
        Assert.True((double)passed / total >= HeldApartFloor, $"{passed} of {total} held-apart conversations right, floor {HeldApartFloor:P0}: {string.Join(", ", failed)}");
    }

    private async Task<(int Passed, int Total, List<string> Failed)> PlaySetAsync(string file)
    {
        var set = Load(file);
        await using var node = await TestNode.StartAsync(_dir.Path, TimeSpan.Zero);
        var results = new List<(string Name, List<string> Failures, List<string> Transcript)>();
        foreach (var batch in set.Chunk(4))
        {
            results.AddRange(await Task.WhenAll(batch.Select(c => PlayAsync(node, c))));
        }
        foreach (var (name, failures, transcript) in results.Where(r => r.Failures.Count > 0))
        {
            output.WriteLine($"✘ {name}: {string.Join("; ", failures)}\n  {string.Join("\n  ", transcript)}");
        }
        var passed = results.Count(r => r.Failures.Count == 0);
        output.WriteLine($"{file}: {passed} of {results.Count} conversations answered right ({(double)passed / results.Count:P1})");
        return (passed, results.Count, [.. results.Where(r => r.Failures.Count > 0).Select(r => r.Name)]);
    }

    private static async Task<(string Name, List<string> Failures, List<string> Transcript)> PlayAsync(TestNode node, JsonElement conversation)
    {
        var name = conversation.GetProperty("name").GetString()!;
        var id = "mt-" + name;
        var failures = new List<string>();
        var transcript = new List<string>();
        foreach (var turn in conversation.GetProperty("turns").EnumerateArray())
        {
            var message = turn.GetProperty("message").GetString()!;
            var body = new JsonObject { ["kind"] = "chat", ["message"] = message, ["conversation_id"] = id };
            if (turn.TryGetProperty("location", out var location))
            {
                body["location"] = JsonNode.Parse(location.GetRawText());
            }
            var job = await node.SubmitAsync(body);
            var end = await node.WaitForEndAsync(job, TimeSpan.FromSeconds(60));
            var answer = end.TryGetProperty("answer", out var a) ? a.GetString() ?? "" : "";
            transcript.Add($"{message} → {answer.Replace('\n', ' ')}");
            foreach (var keyword in Strings(turn, "expect").Where(k => !answer.Contains(k, StringComparison.Ordinal)))
            {
                failures.Add($"\"{message}\" lacks \"{keyword}\"");
            }
            foreach (var keyword in Strings(turn, "forbid").Where(k => answer.Contains(k, StringComparison.Ordinal)))
            {
                failures.Add($"\"{message}\" mixes in \"{keyword}\"");
            }
        }
        return (name, failures, transcript);
    }

    private static IEnumerable<string> Strings(JsonElement turn, string property) =>
        turn.TryGetProperty(property, out var list) ? list.EnumerateArray().Select(e => e.GetString()!) : [];

    private static List<JsonElement> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Integration", "Dialogue", file);
        return [.. JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("conversations").EnumerateArray()];
    }
}
