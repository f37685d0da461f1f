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
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const int MaxNameLength = 128;

    /// <summary>Writes one event in the wire shape.</summary>
    public static void Write(Utf8JsonWriter writer, JournalEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("job_id", entry.JobId.Value);
        writer.WriteNumber("seq", entry.Seq);
        writer.WriteString("type", entry.Type);
        Span<char> ts = stackalloc char[TimestampFormat.Length];
        entry.Timestamp.UtcDateTime.TryFormat(ts, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString("ts", ts[..written]);
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

    /// <summary>The job id of an event in the wire shape, read from its first property without parsing the rest.</summary>
    /// <returns>False when the text does not start with a valid <c>job_id</c>.</returns>
    public static bool TryReadJobId(ReadOnlySpan<byte> utf8, out JobId jobId)
    {
        jobId = default;
        var reader = new Utf8JsonReader(utf8);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("job_id"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String
                && JobId.TryParse(reader.GetString(), out jobId, out _);
        }
        catch (JsonException)
        {
            return false; // not JSON at all
        }
    }

    /// <summary>Reads one event in the wire shape (as published on the event bus).</summary>
    /// <exception cref="JsonException">Not JSON, or not an object.</exception>
    /// <exception cref="FormatException">A field has the wrong shape, or a required one is missing.</exception>
    public static JournalEntry Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, knownJobId: null);

    /// <summary>Reads one event whose job id the caller has read already (<see cref="TryReadJobId"/>): it is checked, not read again.</summary>
    /// <exception cref="JsonException">Not JSON, or not an object.</exception>
    /// <exception cref="FormatException">A field has the wrong shape, a required one is missing, or the id is another.</exception>
    public static JournalEntry Parse(ReadOnlySpan<byte> utf8, JobId jobId) => Parse(utf8, (JobId?)jobId);

    private static JournalEntry Parse(ReadOnlySpan<byte> utf8, JobId? knownJobId)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("an event must be a JSON object");
        }
        JobId? jobId = null;
        long? seq = null;
        string? type = null, stage = null, data = null;
        DateTimeOffset? timestamp = null;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("job_id"u8))
                {
                    reader.Read();
                    jobId = knownJobId is { } known
                        ? reader.ValueTextEquals(known.Value) ? known : throw new FormatException($"job_id is not {known}")
                        : JobId.Parse(reader.GetString() ?? throw new FormatException("job_id is null"));
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    seq = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = ReadName(ref reader);
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    timestamp = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var iso) ? iso // ISO 8601, no string
                        : DateTimeOffset.Parse(reader.GetString() ?? throw new FormatException("ts is null"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                }
                else if (reader.ValueTextEquals("stage"u8))
                {
                    reader.Read();
                    stage = ReadName(ref reader);
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = System.Text.Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
                }
                else
                {
                    reader.Read();
                    reader.Skip(); // a field from a newer node: ignored
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException("a field has the wrong JSON type", ex); // e.g. a string where a number belongs
        }
        return new JournalEntry(
            jobId ?? throw new FormatException("job_id is missing"),
            seq ?? throw new FormatException("seq is missing"),
            type ?? throw new FormatException("type is missing"),
            timestamp ?? throw new FormatException("ts is missing"),
            stage,
            data);
    }

    // Type and stage names are few: the interned string comes back, so a known name costs no string per event.
    private static string? ReadName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxNameLength)
        {
            return TypeNames.Intern(reader.GetString()!);
        }
        Span<char> name = stackalloc char[MaxNameLength]; // unescaped, a name has at most as many chars as its raw bytes
        return TypeNames.Intern(name[..reader.CopyString(name)]);
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
