using System.Globalization;

namespace Eco.Bench;

/// <summary>Collections, pause time and allocation within a timed phase (a bench hosts its nodes, servers and clients in one
/// process, so these are all of theirs).</summary>
internal readonly record struct GcWindow(TimeSpan Paused, int Gen0, int Gen1, int Gen2, long Allocated)
{
    public static GcWindow Start() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    /// <summary>What the phase since <see cref="Start"/> cost, as one line.</summary>
    public string Stop() => string.Create(CultureInfo.InvariantCulture,
        $"{(GC.GetTotalPauseDuration() - Paused).TotalMilliseconds:N0} ms paused, {GC.CollectionCount(0) - Gen0}/{GC.CollectionCount(1) - Gen1}/{GC.CollectionCount(2) - Gen2} collections (gen0/1/2), {(GC.GetTotalAllocatedBytes() - Allocated) / 1048576.0:N0} MiB allocated");
}
