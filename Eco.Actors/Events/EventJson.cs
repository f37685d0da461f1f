using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>The one wire shape of an event on every surface: <c>{"job_id","seq","type","ts","stage"?,"data"?}</c>.</summary>
public static class EventJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one event in the wire shape.</summary>
    public static void Write(Utf8JsonWriter writer, JournalEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("job_id", entry.JobId.Value);
        writer.WriteNumber("seq", entry.Seq);
        writer.WriteString("type", entry.Type);
        writer.WriteString("ts", entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (entry.Stage is not null)
        {
            writer.WriteString("stage", entry.Stage);
        }
        if (entry.DataJson is not null)
        {
            writer.WritePropertyName("data");
            writer.WriteRawValue(entry.DataJson, skipInputValidation: true); // written by our own serializer when journaled
        }
        writer.WriteEndObject();
    }

    /// <summary>Serializes one event into <paramref name="buffer"/> (cleared first).</summary>
    public static ReadOnlyMemory<byte> ToUtf8(JournalEntry entry, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, entry);
        }
        return buffer.WrittenMemory;
    }

    /// <summary>Serializes one event as a string.</summary>
    public static string ToText(JournalEntry entry) => System.Text.Encoding.UTF8.GetString(ToUtf8(entry, new ArrayBufferWriter<byte>(256)).Span);

    /// <summary>Reads one event in the wire shape (as published on the event bus).</summary>
    public static JournalEntry Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new JournalEntry(
            JobId.Parse(root.GetProperty("job_id").GetString()!),
            root.GetProperty("seq").GetInt64(),
            root.GetProperty("type").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            root.TryGetProperty("stage", out var stage) ? stage.GetString() : null,
            root.TryGetProperty("data", out var data) ? data.GetRawText() : null);
    }

    /// <summary>Serializes events as one JSON array.</summary>
    public static byte[] ToUtf8Array(IEnumerable<JournalEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                Write(writer, entry);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
