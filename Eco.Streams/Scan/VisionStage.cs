using System.Text.Json;
using Eco.Actors.Images;
using Eco.Actors.Jobs;
using Eco.Agents.Vision;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Scan;

/// <summary>Classifies the photo through the model chain: a vision model is shown the photo (its URL, or an upload's bytes); the
/// offline model reads the message or the file name, and says so.</summary>
public sealed class VisionStage(IChatModel model, IImageStore images) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Vision;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(90), MaxAttempts: 2, RetryBackoff: TimeSpan.FromSeconds(1));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var task = await TaskOfAsync(run.State.Spec!, cancellationToken).ConfigureAwait(false);
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

    private async Task<ClassifyImageTask> TaskOfAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ImageId is { } id)
        {
            // Checked at submission to exist and be the submitter's. Its owner may delete it (or it may expire) before this reads
            // it: then no retry brings it back. Once read, the stage's output is journaled, so a replay never needs it again.
            var image = await images.FindAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new StageUnavailableException($"the photo {id} was deleted before the scan read it; upload it again and scan the new id");
            return new ClassifyImageTask(image.Name ?? id, spec.Message) { Image = ModelImage.Of(image.Bytes, image.ContentType) };
        }
        var url = spec.ImageUrl ?? "";
        return new ClassifyImageTask(url, spec.Message)
        {
            Image = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? ModelImage.At(uri) : null,
        };
    }
}
