using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>Classifies the message into the 10 intents (multi-intent), reading the conversation so far.</summary>
public sealed class ClassifyStage(IChatModel model) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Classify;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(60), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(500));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        var task = new ClassifyIntentTask(spec.Message, ChatHistory.Messages(ChatHistory.Turns(run.State)));
        var request = new ModelRequest(Prompts.ClassifyIntent(task), task, Prompts.IntentSchema, MaxOutputTokens: 150, run.CallKey)
            .MadeBy(sink, cancellationToken);
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return StageOutputs.Write(Parse(reply));
    }

    /// <summary>Reads a classification reply; unknown intents become <see cref="Intent.General"/> rather than failing the job.</summary>
    internal static ClassifyOutput Parse(ModelReply reply)
    {
        using var doc = JsonDocument.Parse(reply.Text);
        var root = doc.RootElement;
        var primary = ToIntent(root.GetProperty("intent").GetString());
        var confidence = root.TryGetProperty("confidence", out var c) && c.TryGetDouble(out var value) ? Math.Clamp(value, 0, 1) : 0.5;
        var additional = root.TryGetProperty("additional", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(e => ToIntent(e.GetString())).Where(i => i != primary).Distinct().ToList()
            : [];
        return new ClassifyOutput(primary, confidence, additional, reply.Provider);
    }

    private static Intent ToIntent(string? name) =>
        Enum.TryParse<Intent>((name ?? "").Replace("_", ""), ignoreCase: true, out var intent) ? intent : Intent.General;
}
