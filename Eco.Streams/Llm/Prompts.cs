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
        """{"type":"object","additionalProperties":false,"required":["intent","confidence","additional"],"properties":{"intent":"""
        + IntentEnum() + ""","confidence":{"type":"number"},"additional":{"type":"array","items":""" + IntentEnum() + "}}}");

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

    /// <summary>Messages for intent classification; the last turns are included so follow-ups are read in context.</summary>
    public static IReadOnlyList<ChatTurn> ClassifyIntent(ClassifyIntentTask task)
    {
        var system = new StringBuilder("Classify the user's latest message for a Korean recycling assistant. Intents: ")
            .Append(string.Join(", ", IntentNames))
            .Append(". Put the main one in 'intent' and any other requests in the same message in 'additional'. ")
            .Append("Use the earlier turns to resolve follow-ups such as '그럼 유리병은?'.");
        var messages = new List<ChatTurn> { ChatTurn.System(system.ToString()) };
        foreach (var turn in task.History.TakeLast(6))
        {
            messages.Add(turn);
        }
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

    /// <summary>Messages for classifying a photo (the URL is passed as text; a vision model reads it).</summary>
    public static IReadOnlyList<ChatTurn> ClassifyImage(ClassifyImageTask task) =>
    [
        ChatTurn.System("Classify the waste in the photo into the Korean household waste taxonomy (major category, recyclable sub-category, item) and situation tags such as 내용물_남음, 라벨_부착, 오염_심함, 깨짐."),
        ChatTurn.User($"image: {task.ImageUrl}\n{task.Message}"),
    ];
}
