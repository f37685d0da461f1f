using System.Globalization;

namespace Eco.Bench;

/// <summary>Collections, pause time, allocation and CPU time within a timed phase (a bench hosts its nodes, servers and clients in
/// one process, so these are all of theirs).</summary>
internal readonly record struct GcWindow(TimeSpan Paused, int Gen0, int Gen1, int Gen2, long Allocated, TimeSpan Cpu)
{
    public static GcWindow Start() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(),
        Environment.CpuUsage.TotalTime);

    /// <summary>What the phase since <see cref="Start"/> cost, as one line.</summary>
    public string Stop() => string.Create(CultureInfo.InvariantCulture,
        $"{(GC.GetTotalPauseDuration() - Paused).TotalMilliseconds:N0} ms paused, {GC.CollectionCount(0) - Gen0}/{GC.CollectionCount(1) - Gen1}/{GC.CollectionCount(2) - Gen2} collections (gen0/1/2), {(GC.GetTotalAllocatedBytes() - Allocated) / 1048576.0:N0} MiB allocated, {(Environment.CpuUsage.TotalTime - Cpu).TotalSeconds:N1} s of CPU");
}
