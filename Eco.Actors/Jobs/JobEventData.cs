using System.Buffers;
using System.Text.Json;

namespace Eco.Actors.Jobs;

/// <summary>Builds and reads the JSON payloads of job events (snake_case fields, one place for their shape).</summary>
public static class JobEventData
{
    /// <summary>Payload of <c>job.accepted</c>.</summary>
    public static string Accepted(JobSpec spec) => Write(w =>
    {
        w.WriteString("kind", spec.Kind);
        w.WriteString("message", spec.Message);
        if (spec.ConversationId is not null)
        {
            w.WriteString("conversation_id", spec.ConversationId);
        }
    });

    /// <summary>Payload of <c>stage.started</c>.</summary>
    public static string StageStarted(int attempt, bool resumed) => Write(w =>
    {
        w.WriteNumber("attempt", attempt);
        if (resumed)
        {
            w.WriteBoolean("resumed", true);
        }
    });

    /// <summary>Payload of <c>stage.completed</c>: the stage's output is embedded as JSON.</summary>
    public static string StageCompleted(string outputJson, int attempt, TimeSpan took) => Write(w =>
    {
        w.WritePropertyName("output");
        w.WriteRawValue(outputJson);
        w.WriteNumber("attempt", attempt);
        w.WriteNumber("duration_ms", Math.Round(took.TotalMilliseconds, 1));
    });

    /// <summary>Payload of <c>stage.failed</c>.</summary>
    public static string StageFailed(string error, int attempt, bool willRetry) => Write(w =>
    {
        w.WriteString("error", error);
        w.WriteNumber("attempt", attempt);
        w.WriteBoolean("will_retry", willRetry);
    });

    /// <summary>Payload of <c>token</c>.</summary>
    public static string Token(string text) => Write(w => w.WriteString("text", text));

    /// <summary>Payload of <c>job.completed</c>.</summary>
    public static string Completed(string answer) => Write(w => w.WriteString("answer", answer));

    /// <summary>Payload of <c>job.failed</c>.</summary>
    public static string Failed(string reason) => Write(w => w.WriteString("reason", reason));

    internal static JobSpec? ReadSpec(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new JobSpec(
            root.GetProperty("kind").GetString() ?? "",
            root.GetProperty("message").GetString() ?? "",
            root.TryGetProperty("conversation_id", out var c) ? c.GetString() : null);
    }

    internal static string? ReadString(string? json, string property)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    internal static int? ReadInt(string? json, string property)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(property, out var value) && value.TryGetInt32(out var n) ? n : null;
    }

    internal static string? ReadRaw(string? json, string property)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(property, out var value) ? value.GetRawText() : null;
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
