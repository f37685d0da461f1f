namespace Eco.Host.Chaos;

/// <summary>One disruption: what, to whom, when, and how long until the cluster recovered (for a node: until it was out of the cluster;
/// null: not within 30 s), and for a node's disruption, when its unfinished jobs got their first event again on another node.</summary>
internal sealed record DisruptionRecord(string Kind, string Target, TimeSpan At, TimeSpan? Recovered, bool IsTakeover)
{
    /// <summary>The wall-clock instant of the disruption (journal events carry wall-clock times).</summary>
    public DateTimeOffset? Wall { get; init; }

    /// <summary>The shards the node held when it was disrupted.</summary>
    public IReadOnlyList<int> Shards { get; init; } = [];

    /// <summary>Until the first of its unfinished jobs got an event on its new node (the takeover a client feels).</summary>
    public TimeSpan? FirstResumed { get; init; }

    /// <summary>Until the last of them did.</summary>
    public TimeSpan? AllResumed { get; init; }

    /// <summary>Its unfinished jobs that resumed elsewhere.</summary>
    public int JobsTakenOver { get; init; }
}
