using System.Text.Json;
using System.Text.RegularExpressions;
using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.FakeLlm;
using Eco.Streams;
using Eco.Streams.Llm;
using Eco.Streams.Llm.Local;

namespace Eco.Host.FakeLlm;

/// <summary>Gives the fake OpenAI server a real "mind": it answers our prompts the way the offline model would.</summary>
/// <remarks>Classification and vision requests are recognised by their JSON schema name, summaries by their system prompt, and
/// answers are written from the grounded sections in the system prompt. So a job run through the OpenAI SDK against the fake
/// server produces the same answer as the offline path, and tests can compare them.</remarks>
internal sealed partial class DomainFakeBrain(LocalChatModel local) : IFakeBrain
{
    public string Respond(FakeChatRequest request)
    {
        ModelTask task = request.ResponseFormatName switch
        {
            "intent_classification" => new ClassifyIntentTask(request.LastUserMessage,
                [.. request.Messages.Skip(1).SkipLast(1).Select(m => new ChatTurn(m.Role, m.Content))],
                Section(request.Messages.FirstOrDefault()?.Content, Prompts.SummaryHeading), Subject(request.Messages.FirstOrDefault()?.Content)),
            "vision_classification" => VisionTask(request.LastUserMessage),
            _ when request.Messages.FirstOrDefault()?.Content.StartsWith("You write compact conversation summaries", StringComparison.Ordinal) == true =>
                new SummarizeTask(null, [new ChatTurn("user", request.LastUserMessage)]),
            _ => new WriteAnswerTask(request.LastUserMessage, new IntentClassification(Intent.General, 1, []), Sections(request.Messages.FirstOrDefault()?.Content ?? "")),
        };
        return local.Respond(task); // latency is the fake server's job
    }

    /// <summary>A brain over the bundled dataset, for <c>eco fake-llm</c> and tests.</summary>
    public static DomainFakeBrain Create()
    {
        var catalog = Eco.Agents.Waste.WasteCatalog.LoadEmbedded();
        var retriever = new Eco.Agents.Waste.WasteRetriever(catalog);
        var classifier = new KeywordIntentClassifier(retriever);
        return new DomainFakeBrain(new LocalChatModel(classifier, new FollowUpResolver(SubjectReader.ForEmbeddedData(retriever, classifier)),
            new Eco.Streams.Scan.TextHintVision(new Eco.Agents.Vision.TextHintClassifier(retriever)),
            new LocalModelOptions { TokenDelay = TimeSpan.Zero }, TimeProvider.System));
    }

    private static ClassifyImageTask VisionTask(string user)
    {
        var lines = user.Split('\n', 2);
        var url = lines[0].StartsWith("image: ", StringComparison.Ordinal) ? lines[0]["image: ".Length..] : "";
        return new ClassifyImageTask(url, lines.Length > 1 && lines[1].Length > 0 ? lines[1] : null);
    }

    // The conversation's subject reaches the model only through the prompt: a follow-up resolves here only if the prompt carried it.
    private static DialogueSubject? Subject(string? system) =>
        Section(system, Prompts.SubjectHeading) is { } json ? JsonSerializer.Deserialize<DialogueSubject>(json, StreamsJson.Options) : null;

    // The text under a heading of the classification prompt, up to the next blank line.
    private static string? Section(string? system, string heading)
    {
        var start = system?.IndexOf(heading + "\n", StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }
        var text = system![(start + heading.Length + 1)..];
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static List<string> Sections(string system) =>
        [.. SectionPattern().Matches(system).Select(m => m.Groups[1].Value.Trim()).Where(s => s.Length > 0)];

    [GeneratedRegex(@"\[자료 \d+\]\n(.*?)(?=\n\[자료 \d+\]\n|\n\[이전 대화 요약\]|\z)", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}
