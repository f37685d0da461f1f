namespace Eco.Host.Usage;

/// <summary>Latencies counted in fixed log-scale bins, so histograms of any nodes and minutes merge by adding counts.</summary>
/// <remarks>Bin b holds [2^(b/8), 2^((b+1)/8)) ms: eight bins per doubling, each ~9% wide. A percentile is reported as its bin's
/// geometric middle, within ~4.5% of the exact value. Under 1 ms counts as bin 0; over 2^20 ms (~17 min) as the last bin.</remarks>
internal sealed class LatencyHistogram
{
    public const int BinsPerDoubling = 8;
    public const int LastBin = 20 * BinsPerDoubling;
    private readonly SortedDictionary<int, long> _counts = [];

    /// <summary>Count per bin, bins in ascending order; bins with no count are absent.</summary>
    public IReadOnlyDictionary<int, long> Counts => _counts;

    public long Total { get; private set; }

    public static int BinOf(TimeSpan latency) =>
        latency.TotalMilliseconds <= 1 ? 0 : Math.Min(LastBin, (int)Math.Floor(Math.Log2(latency.TotalMilliseconds) * BinsPerDoubling));

    public static double MiddleMs(int bin) => Math.Pow(2, (bin + 0.5) / BinsPerDoubling);

    public void Add(TimeSpan latency) => Add(BinOf(latency), 1);

    public void Add(int bin, long count)
    {
        if (count <= 0)
        {
            return;
        }
        var clamped = Math.Clamp(bin, 0, LastBin);
        _counts[clamped] = _counts.GetValueOrDefault(clamped) + count;
        Total += count;
    }

    public void Merge(LatencyHistogram other)
    {
        foreach (var (bin, count) in other._counts)
        {
            Add(bin, count);
        }
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> in (0, 1]) in ms, or null when nothing was counted.</summary>
    public double? Percentile(double p)
    {
        if (Total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(p * Total));
        long seen = 0;
        foreach (var (bin, count) in _counts)
        {
            seen += count;
            if (seen >= rank)
            {
                return MiddleMs(bin);
            }
        }
        return MiddleMs(_counts.Keys.Last());
    }
}
