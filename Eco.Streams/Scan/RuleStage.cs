using Eco.Actors.Jobs;
using Eco.Agents.Waste;
using Eco.Streams.Graph;

namespace Eco.Streams.Scan;

/// <summary>Picks the disposal guide for the classification: major and sub-category must both match (no first-file-wins guess).</summary>
public sealed class RuleStage(WasteCatalog catalog) : IPureStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Rule;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(5), MaxAttempts: 1, RetryBackoff: TimeSpan.Zero);

    /// <inheritdoc />
    public string Compute(JobState state)
    {
        var vision = StageOutputs.Read<VisionOutput>(state, ScanGraph.Vision);
        static string Key(string? s) => (s ?? "").Replace(" ", "", StringComparison.Ordinal);
        var guide = catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && Key(g.SubCategory) == Key(vision.Middle))
                    ?? (vision.Middle is null ? catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && g.SubCategory is null) : null);
        return StageOutputs.Write(new RuleOutput(guide?.Id, guide?.Title));
    }
}
