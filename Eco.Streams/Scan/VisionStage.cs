using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Vision;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Scan;

/// <summary>Classifies the photo through the model chain (the offline model reads the message or the file name, and says so).</summary>
public sealed class VisionStage(IChatModel model) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Vision;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(90), MaxAttempts: 2, RetryBackoff: TimeSpan.FromSeconds(1));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        var task = new ClassifyImageTask(spec.ImageUrl ?? "", spec.Message);
        var request = new ModelRequest(Prompts.ClassifyImage(task), task, Prompts.VisionSchema, MaxOutputTokens: 300, run.CallKey)
            .MadeBy(sink, cancellationToken);
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply.Text);
        var root = doc.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var tags = root.TryGetProperty("situation_tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0).ToList()
            : [];
        var output = new VisionOutput(Text("major") ?? ScanClassification.UnclassifiedMajor, Text("middle"), Text("minor"), tags,
            reply.Provider == "local" ? Text("hint_source") : "image", reply.Provider);
        return StageOutputs.Write(output);
    }
}
