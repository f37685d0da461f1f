namespace Eco.Host.Load;

/// <summary>Nearest-rank percentiles, the one definition every report and benchmark uses.</summary>
internal static class NearestRank
{
    /// <summary>The smallest sample with at least a fraction <paramref name="q"/> of the samples at or below it.</summary>
    /// <param name="sorted">Samples in ascending order; not empty.</param>
    /// <param name="q">0 &lt; q ≤ 1, e.g. 0.99.</param>
    public static T Of<T>(IReadOnlyList<T> sorted, double q) =>
        sorted.Count == 0
            ? throw new ArgumentException("no samples", nameof(sorted))
            : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * q) - 1, 0, sorted.Count - 1)];
}
