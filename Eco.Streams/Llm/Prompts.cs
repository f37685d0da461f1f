using System.Text;
using Eco.Agents.Intents;

namespace Eco.Streams.Llm;

/// <summary>Renders each model task as messages and, where the reply is structured, its JSON schema. One persona for every answer.</summary>
public static class Prompts
{
    /// <summary>The assistant's voice, shared by every answer (the reference's global persona, in our own words).</summary>
    public const string Persona =
        "너는 분리배출 도우미 '이코'야. 항상 공손한 해요체로, 짧고 정확하게 답해. 주어진 자료에 있는 사실만 말하고, 모르는 것은 모른다고 말해.";

    /// <summary>Every intent, as the snake_case names used on the wire.</summary>
    public static readonly IReadOnlyList<string> IntentNames =
        [.. Enum.GetValues<Intent>().Select(i => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(i.ToString()))];

    /// <summary>Schema of the intent classification reply.</summary>
    public static readonly OutputSchema IntentSchema = new("intent_classification",
        """{"type":"object","additionalProperties":false,"required":["intent","confidence","additional","resolved"],"properties":{"intent":"""
        + IntentEnum() + ""","confidence":{"type":"number"},"additional":{"type":"array","items":""" + IntentEnum() + """},"resolved":{"type":"string"}}}""");

    /// <summary>Heading of the conversation's summary in the classification prompt.</summary>
    public const string SummaryHeading = "[대화 요약]";

    /// <summary>Heading of the conversation's current subject (JSON) in the classification prompt.</summary>
    public const string SubjectHeading = "[현재 주제]";

    /// <summary>Schema of the vision classification reply.</summary>
    public static readonly OutputSchema VisionSchema = new("vision_classification", """
        {"type":"object","additionalProperties":false,"required":["major","middle","minor","situation_tags","hint_source"],
         "properties":{
           "major":{"type":"string"},
           "middle":{"type":["string","null"]},
           "minor":{"type":["string","null"]},
           "situation_tags":{"type":"array","items":{"type":"string"}},
           "hint_source":{"type":"string"}}}
        """);

    private static string IntentEnum() =>
        "{\"type\":\"string\",\"enum\":[" + string.Join(",", IntentNames.Select(n => $"\"{n}\"")) + "]}";

    /// <summary>
    /// Messages for intent classification: the conversation's summary, current subject and last turns come along, so a follow-up
    /// ("라벨은?", "경남은?", "걔가 담당하는 건?") is classified and rewritten as the standalone question it stands for.
    /// </summary>
    public static IReadOnlyList<ChatTurn> ClassifyIntent(ClassifyIntentTask task)
    {
        var system = new StringBuilder("Classify the user's latest message for a Korean recycling assistant. Intents: ")
            .Append(string.Join(", ", IntentNames))
            .Append(". Put the main one in 'intent' and any other requests in the same message in 'additional'. ")
            .Append("In 'resolved', write the latest message as a standalone Korean question: when it is a follow-up that leaves out what ")
            .Append("it is about ('라벨은?', '경남은?', '그거 얼마에 팔려?', '걔가 담당하는 건?', '거기 어디야?'), fill that in from the current ")
            .Append("subject and the earlier turns; when it names something new, keep only that; otherwise repeat the message as it is.");
        if (task.Summary is not null)
        {
            system.Append("\n\n").Append(SummaryHeading).Append('\n').Append(task.Summary);
        }
        if (task.Subject is { IsEmpty: false } subject)
        {
            system.Append("\n\n").Append(SubjectHeading).Append('\n').Append(System.Text.Json.JsonSerializer.Serialize(subject, StreamsJson.Options));
        }
        var messages = new List<ChatTurn> { ChatTurn.System(system.ToString()) };
        messages.AddRange(task.History.TakeLast(6));
        messages.Add(ChatTurn.User(task.Message));
        return messages;
    }

    /// <summary>Messages for the final answer: persona, the grounded sections, the conversation, the question.</summary>
    public static IReadOnlyList<ChatTurn> WriteAnswer(WriteAnswerTask task, string? summary, IReadOnlyList<ChatTurn> history)
    {
        var context = new StringBuilder(Persona).Append("\n\n아래 자료만 근거로 답해. 자료가 여러 개면 순서대로 모두 답해.\n");
        for (var i = 0; i < task.Sections.Count; i++)
        {
            context.Append("\n[자료 ").Append(i + 1).Append("]\n").Append(task.Sections[i]).Append('\n');
        }
        if (summary is not null)
        {
            context.Append("\n[이전 대화 요약]\n").Append(summary).Append('\n');
        }
        var messages = new List<ChatTurn> { ChatTurn.System(context.ToString()) };
        messages.AddRange(history);
        messages.Add(ChatTurn.User(task.Message));
        return messages;
    }

    /// <summary>Messages for summarizing old turns.</summary>
    public static IReadOnlyList<ChatTurn> Summarize(SummarizeTask task)
    {
        var text = new StringBuilder("Summarize this Korean conversation in Korean in at most 5 short lines; keep items, places and decisions.\n");
        if (task.PreviousSummary is not null)
        {
            text.Append("Earlier summary: ").Append(task.PreviousSummary).Append('\n');
        }
        foreach (var turn in task.Turns)
        {
            text.Append(turn.Role).Append(": ").Append(turn.Content).Append('\n');
        }
        return [ChatTurn.System("You write compact conversation summaries."), ChatTurn.User(text.ToString())];
    }

    /// <summary>Messages for classifying a photo: the photo goes with the user message as an image; its URL or file name, and
    /// what the user said, as text.</summary>
    public static IReadOnlyList<ChatTurn> ClassifyImage(ClassifyImageTask task) =>
    [
        ChatTurn.System("Classify the waste in the photo into the Korean household waste taxonomy (major category, recyclable sub-category, item) and situation tags such as 내용물_남음, 라벨_부착, 오염_심함, 깨짐."),
        ChatTurn.User($"image: {task.ImageName}\n{task.Message}") with { Image = task.Image },
    ];
}
