using System.Runtime.CompilerServices;
using System.Text.Json;
using Eco.Agents.Dialogue;
using Eco.Agents.Intents;

namespace Eco.Streams.Llm.Local;

/// <summary>The offline provider: answers each typed task from the bundled dataset and streams with a set pace.</summary>
/// <remarks>It never pretends to know more than the data: the answer it writes is the sub-agents' grounded sections, joined in one
/// voice; its classifications come from the keyword rules, after a follow-up is made standalone from the conversation's subject; its
/// summaries are extractive.</remarks>
public sealed class LocalChatModel(KeywordIntentClassifier classifier, FollowUpResolver followUps, ILocalVision vision, LocalModelOptions options, TimeProvider time)
    : IChatModel
{
    /// <inheritdoc />
    public string Provider => "local";

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = Respond(request.Task);
        foreach (var piece in TextPieces.Split(text, options.MaxTokenChars))
        {
            if (options.TokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.TokenDelay, time, cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            yield return piece;
        }
    }

    /// <inheritdoc />
    public async Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        if (options.TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.TokenDelay, time, cancellationToken).ConfigureAwait(false); // one "first token" of latency
        }
        return new ModelReply(Respond(request.Task), Provider);
    }

    /// <summary>The reply to a task, computed at once (the streaming pace is added by <see cref="StreamAsync"/>).</summary>
    public string Respond(ModelTask task) => task switch
    {
        ClassifyIntentTask classify => ClassifyWithSubject(classify),
        WriteAnswerTask answer => JoinSections(answer),
        SummarizeTask summarize => Summarize(summarize),
        ClassifyImageTask image => vision.ClassifyJson(image.ImageName, image.Message),
        _ => throw new NotSupportedException($"the local model cannot do {task.GetType().Name}"),
    };

    // A follow-up ("라벨은?", "경남은?") is first made standalone from the conversation's subject, then classified like any question.
    private string ClassifyWithSubject(ClassifyIntentTask task)
    {
        var resolved = followUps.Resolve(task.Message, task.Subject ?? DialogueSubject.None);
        var result = classifier.Classify(resolved.Text);
        return JsonSerializer.Serialize(new
        {
            intent = Name(result.Primary),
            confidence = resolved.IsFollowUp ? Math.Round(result.Confidence * 0.9, 2) : result.Confidence,
            additional = result.Additional.Where(i => i != result.Primary).Select(Name).ToArray(),
            resolved = resolved.Text,
        }, StreamsJson.Options);
    }

    private static string JoinSections(WriteAnswerTask task)
    {
        var sections = task.Sections.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return sections.Count switch
        {
            0 => "안녕하세요, 분리배출 도우미 이코예요! 버리려는 물건 이름을 알려주시면 버리는 방법을 알려드릴게요.",
            1 => sections[0],
            _ => "물어보신 것을 하나씩 알려드릴게요.\n\n" + string.Join("\n\n", sections),
        };
    }

    private static string Summarize(SummarizeTask task)
    {
        var lines = new List<string>();
        if (task.PreviousSummary is not null)
        {
            lines.Add(task.PreviousSummary);
        }
        foreach (var turn in task.Turns.Where(t => t.Role == "user"))
        {
            lines.Add("- 사용자가 물은 것: " + Clip(turn.Content, 60));
        }
        return string.Join("\n", lines.TakeLast(12));
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Name(Intent intent) => JsonNamingPolicy.SnakeCaseLower.ConvertName(intent.ToString());
}
