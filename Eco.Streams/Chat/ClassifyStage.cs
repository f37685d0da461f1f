using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>
/// Classifies the message into the 10 intents (multi-intent) and makes a follow-up standalone, reading the conversation so far; in a
/// conversation it also decides the subject the conversation has after this turn.
/// </summary>
public sealed class ClassifyStage(IChatModel model, SubjectReader subjects) : IStage
{
    /// <inheritdoc />
    public string Name => ChatStages.Classify;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(60), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(500));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        var subject = ChatHistory.Subject(run.State);
        var task = new ClassifyIntentTask(spec.Message, ChatHistory.Messages(ChatHistory.Turns(run.State)), ChatHistory.Summary(run.State), subject);
        var request = new ModelRequest(Prompts.ClassifyIntent(task), task, Prompts.IntentSchema, MaxOutputTokens: 300, run.CallKey)
            .MadeBy(sink, cancellationToken);
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        var output = Parse(reply, spec.Message);
        if (spec.ConversationId is not null)
        {
            // The subject moves on from what the answered question names: the resolved one, so a follow-up keeps its subject.
            output = output with { Subject = (subject ?? DialogueSubject.None).After(subjects.Read(output.Resolved ?? spec.Message), output.Intent) };
        }
        return StageOutputs.Write(output);
    }

    /// <summary>Reads a classification reply; unknown intents become <see cref="Intent.General"/> rather than failing the job.</summary>
    internal static ClassifyOutput Parse(ModelReply reply, string message)
    {
        using var doc = JsonDocument.Parse(reply.Text);
        var root = doc.RootElement;
        var primary = ToIntent(root.GetProperty("intent").GetString());
        var confidence = root.TryGetProperty("confidence", out var c) && c.TryGetDouble(out var value) ? Math.Clamp(value, 0, 1) : 0.5;
        var additional = root.TryGetProperty("additional", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(e => ToIntent(e.GetString())).Where(i => i != primary).Distinct().ToList()
            : [];
        var resolved = root.TryGetProperty("resolved", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()!.Trim() : null;
        return new ClassifyOutput(primary, confidence, additional, reply.Provider,
            string.IsNullOrEmpty(resolved) || resolved == message.Trim() ? null : resolved);
    }

    private static Intent ToIntent(string? name) =>
        Enum.TryParse<Intent>((name ?? "").Replace("_", ""), ignoreCase: true, out var intent) ? intent : Intent.General;
}
