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
        if (spec.Location is { } location)
        {
            w.WriteStartObject("location");
            w.WriteNumber("latitude", location.Latitude);
            w.WriteNumber("longitude", location.Longitude);
            w.WriteEndObject();
        }
        if (spec.ImageUrl is not null)
        {
            w.WriteString("image_url", spec.ImageUrl);
        }
        if (spec.ImageId is not null)
        {
            w.WriteString("image_id", spec.ImageId);
        }
        if (spec.Summary is not null)
        {
            w.WriteString("summary", spec.Summary);
        }
        if (spec.BusyPolicy is not null)
        {
            w.WriteString("busy_policy", spec.BusyPolicy);
        }
        if (spec.Owner is not null)
        {
            w.WriteString("owner", spec.Owner);
        }
        if (spec.History.Count > 0)
        {
            w.WriteStartArray("history");
            foreach (var turn in spec.History)
            {
                w.WriteStartObject();
                w.WriteString("user", turn.User);
                w.WriteString("assistant", turn.Assistant);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    });

    /// <summary>Payload of <c>stage.started</c>.</summary>
    public static string StageStarted(int attempt, bool resumed, long? lamport = null, bool fallback = false) => Write(w =>
    {
        w.WriteNumber("attempt", attempt);
        if (resumed)
        {
            w.WriteBoolean("resumed", true);
        }
        if (fallback)
        {
            w.WriteBoolean("fallback", true);
        }
        if (lamport is { } clock)
        {
            w.WriteNumber("lamport", clock);
        }
    });

    /// <summary>Output recorded for a stage that failed open: the job goes on without it.</summary>
    public static string FailedOpenOutput(string error) => Write(w =>
    {
        w.WriteBoolean("ok", false);
        w.WriteString("error", error);
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
            root.TryGetProperty("conversation_id", out var c) ? c.GetString() : null)
        {
            Location = root.TryGetProperty("location", out var l)
                ? new GeoLocation(l.GetProperty("latitude").GetDouble(), l.GetProperty("longitude").GetDouble())
                : null,
            ImageUrl = root.TryGetProperty("image_url", out var image) ? image.GetString() : null,
            ImageId = root.TryGetProperty("image_id", out var imageId) ? imageId.GetString() : null,
            Summary = root.TryGetProperty("summary", out var summary) ? summary.GetString() : null,
            BusyPolicy = root.TryGetProperty("busy_policy", out var busy) ? busy.GetString() : null,
            Owner = root.TryGetProperty("owner", out var owner) ? owner.GetString() : null,
            History = root.TryGetProperty("history", out var history)
                ? [.. history.EnumerateArray().Select(t => new ConversationTurn(t.GetProperty("user").GetString() ?? "", t.GetProperty("assistant").GetString() ?? ""))]
                : [],
        };
    }

    /// <summary>Reads a string field of an event payload, or null.</summary>
    public static string? ReadString(string? json, string property)
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

    internal static long? ReadLong(string? json, string property)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(property, out var value) && value.TryGetInt64(out var n) ? n : null;
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

    // Most payloads are a streamed token's, written by many jobs at once: each thread reuses one buffer and one writer, so a payload
    // costs its string and nothing else. No body writes another payload, so a thread never needs two at a time.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    private const int KeptBufferBytes = 64 * 1024; // a thread keeps no more than this after an unusually large payload

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer); // also after a body that threw half-way
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }
        return json;
    }
}
