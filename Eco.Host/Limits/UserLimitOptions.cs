using System.ComponentModel.DataAnnotations;

namespace Eco.Host.Limits;

/// <summary>What one user may ask of a node (<c>Eco:Limits</c>); beyond it the answer is 429 with <c>Retry-After</c>.</summary>
/// <remarks>Counted per node: behind a balancer that spreads a user over N nodes, a user gets up to N times these.</remarks>
internal sealed class UserLimitOptions
{
    public const string SectionName = "Eco:Limits";

    /// <summary>Settings for a node whose one client stands for many users (tests, benchmarks, the chaos run): limits so high
    /// that what is measured is the node, not a user's budget.</summary>
    public static IReadOnlyDictionary<string, string> Unbounded { get; } = new Dictionary<string, string>
    {
        [$"{SectionName}:{nameof(ConcurrentJobs)}"] = "100000",
        [$"{SectionName}:{nameof(RequestsPerMinute)}"] = "10000000",
    };

    /// <summary>Requests per minute to the public API (a sliding window of six 10-second segments). Default 600.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Jobs of one user running at once, submitted through this node. Default 16.</summary>
    [Range(1, 100_000)]
    public int ConcurrentJobs { get; set; } = 16;

    /// <summary>Streams (WebSockets) one user may hold open on one job. Default 4 (a few tabs).</summary>
    [Range(1, 1_000)]
    public int StreamsPerJob { get; set; } = 4;
}
