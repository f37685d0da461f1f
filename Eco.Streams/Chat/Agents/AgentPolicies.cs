using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Agents;

/// <summary>The per-node policy table (timeout, attempts, fail mode) and merge priorities, in one place.</summary>
/// <remarks>Values follow the reference system's table; FALLBACK here really runs a fallback (the reference's fell through to fail-open).</remarks>
public static class AgentPolicies
{
    /// <summary>Merge priority: critical context first.</summary>
    public const int Critical = 0;
    /// <summary>Merge priority: high.</summary>
    public const int High = 25;
    /// <summary>Merge priority: normal.</summary>
    public const int Normal = 50;
    /// <summary>Merge priority: low (enrichment such as weather).</summary>
    public const int Low = 75;

    /// <summary>Waste retrieval: 1 s, 2 attempts, fallback.</summary>
    public static readonly StagePolicy Waste = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMilliseconds(50), FailMode.Fallback);
    /// <summary>Character lookup: 3 s, 2 attempts, fail open.</summary>
    public static readonly StagePolicy Character = new(TimeSpan.FromSeconds(3), 2, TimeSpan.FromMilliseconds(100), FailMode.Open);
    /// <summary>Places near the user: 3 s, 3 attempts, fallback.</summary>
    public static readonly StagePolicy Location = new(TimeSpan.FromSeconds(3), 3, TimeSpan.FromMilliseconds(100), FailMode.Fallback);
    /// <summary>Bulk waste: 10 s, 3 attempts, fallback.</summary>
    public static readonly StagePolicy BulkWaste = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(200), FailMode.Fallback);
    /// <summary>Prices: 10 s, 3 attempts, fallback.</summary>
    public static readonly StagePolicy Price = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(200), FailMode.Fallback);
    /// <summary>Collection points: 10 s, 3 attempts, fallback.</summary>
    public static readonly StagePolicy CollectionPoint = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(200), FailMode.Fallback);
    /// <summary>Weather: 5 s, 2 attempts, fail open.</summary>
    public static readonly StagePolicy Weather = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMilliseconds(200), FailMode.Open);
    /// <summary>Web search: 10 s, 3 attempts, fallback.</summary>
    public static readonly StagePolicy WebSearch = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(200), FailMode.Fallback);
    /// <summary>Image generation: 30 s, 2 attempts, fail open.</summary>
    public static readonly StagePolicy ImageGeneration = new(TimeSpan.FromSeconds(30), 2, TimeSpan.FromMilliseconds(500), FailMode.Open);
    /// <summary>General talk: nothing to fetch; the answer model handles it. Fail closed (it cannot fail).</summary>
    public static readonly StagePolicy General = new(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero, FailMode.Close);
}
