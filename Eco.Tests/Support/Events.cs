using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Tests.Support;

/// <summary>Small builders and checks for event lists.</summary>
public static class Events
{
    public static EventData Stage(string type = JobEventTypes.Token, string? data = "{\"text\":\"x\"}") =>
        new(type, DateTimeOffset.UtcNow, "answer", data);

    public static EventData[] Many(int count) => Enumerable.Range(0, count).Select(_ => Stage()).ToArray();

    /// <summary>Asserts seqs are exactly first, first+1, …, and exactly one terminal event, which is last.</summary>
    public static void AssertContiguousWithOneTerminal(IReadOnlyList<long> seqs, IReadOnlyList<string> types, long first = 1)
    {
        Assert.NotEmpty(seqs);
        for (var i = 0; i < seqs.Count; i++)
        {
            Assert.True(seqs[i] == first + i, $"expected seq {first + i} at position {i} but got {seqs[i]} (seqs: {string.Join(",", seqs)})");
        }
        Assert.Equal(1, types.Count(JobEventTypes.IsTerminal));
        Assert.True(JobEventTypes.IsTerminal(types[^1]), $"last event is {types[^1]}, not terminal");
    }
}
