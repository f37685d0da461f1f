using System.Buffers;
using System.Text.Json;
using Eco.Actors.Journal;

namespace Eco.Actors.Events;

/// <summary>Serializes events in the wire shape into one reused buffer (one per connection or loop; not thread-safe).</summary>
public sealed class EventJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    /// <summary>Creates a writer with an empty buffer.</summary>
    public EventJsonWriter() => _writer = new Utf8JsonWriter(_buffer, EventJson.WriterOptions);

    /// <summary>The event's UTF-8 JSON; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Serialize(JournalEntry entry)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        EventJson.Write(_writer, entry);
        _writer.Flush();
        return _buffer.WrittenMemory;
    }
}
