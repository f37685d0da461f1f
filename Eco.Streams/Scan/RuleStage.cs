using Eco.Actors.Jobs;
using Eco.Agents.Waste;
using Eco.Streams.Graph;

namespace Eco.Streams.Scan;

/// <summary>Picks the disposal guide for the classification: major and sub-category must both match (no first-file-wins guess).</summary>
public sealed class RuleStage(WasteCatalog catalog) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Rule;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(5), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(100));

    /// <inheritdoc />
    public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var vision = StageOutputs.Read<VisionOutput>(run.State, ScanGraph.Vision);
        static string Key(string? s) => (s ?? "").Replace(" ", "", StringComparison.Ordinal);
        var guide = catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && Key(g.SubCategory) == Key(vision.Middle))
                    ?? (vision.Middle is null ? catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && g.SubCategory is null) : null);
        return Task.FromResult(StageOutputs.Write(new RuleOutput(guide?.Id, guide?.Title)));
    }
}
