using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Persistence;
using Eco.Actors.Journal;
using Eco.Actors.Snapshots;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace Eco.Actors.Persistence;

/// <summary>Turns what actors persist into the journal's rows and back.</summary>
/// <remarks>
/// An Eco event (<see cref="EventData"/>) is stored as it is: type, time, stage and JSON payload in their own columns, readable by
/// SQL and by every client. Anything else (Akka's own events, such as a remember-entities store's) goes through Akka's serializer
/// for it and is stored as type <c>akka:{serializer}:{manifest}</c> with its bytes as a base64 JSON string. A snapshot's manifest
/// column says <c>json:{serializer}:{manifest}</c> when the state is JSON text (Eco's own serializers: readable in the database),
/// <c>bytes:{serializer}:{manifest}</c> when it is base64.
/// </remarks>
internal sealed class PayloadCodec(AkkaSerialization serialization, TimeProvider time)
{
    private const string ForeignPrefix = "akka:";
    private const string JsonSnapshot = "json:";
    private const string BytesSnapshot = "bytes:";

    public EventData ToEvent(object payload) => payload switch
    {
        EventData e => e,
        _ => Foreign(payload),
    };

    public object FromEntry(JournalEntry entry) =>
        entry.Type.StartsWith(ForeignPrefix, StringComparison.Ordinal)
            ? Deserialize(entry.Type.AsSpan(ForeignPrefix.Length), Convert.FromBase64String(JsonSerializer.Deserialize<string>(entry.DataJson!)!))
            : new EventData(entry.Type, entry.Timestamp, entry.Stage, entry.DataJson);

    public Persistent ToPersistent(string persistenceId, JournalEntry entry) =>
        new(FromEntry(entry), entry.Seq, persistenceId, string.Empty, isDeleted: false, sender: null, writerGuid: null,
            timestamp: entry.Timestamp.ToUnixTimeMilliseconds());

    public (string Manifest, string Text) ToSnapshot(object snapshot)
    {
        var serializer = serialization.FindSerializerFor(snapshot);
        var bytes = serializer.ToBinary(snapshot);
        var json = serializer is JsonManifestSerializer;
        var manifest = $"{(json ? JsonSnapshot : BytesSnapshot)}{serializer.Identifier.ToString(CultureInfo.InvariantCulture)}:{AkkaSerialization.ManifestFor(serializer, snapshot)}";
        return (manifest, json ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes));
    }

    public object FromSnapshot(Snapshot snapshot)
    {
        if (snapshot.Manifest is null)
        {
            // Written before the plugin existed: always a job's state as JSON.
            return FromJson(EventSerializer.Id, "job-state", snapshot.State);
        }
        if (snapshot.Manifest.StartsWith(JsonSnapshot, StringComparison.Ordinal))
        {
            var (id, manifest) = Split(snapshot.Manifest[JsonSnapshot.Length..]);
            return FromJson(id, manifest, snapshot.State);
        }
        var (bytesId, bytesManifest) = Split(snapshot.Manifest[BytesSnapshot.Length..]);
        return serialization.Deserialize(Convert.FromBase64String(snapshot.State), bytesId, bytesManifest);
    }

    private object FromJson(int id, string manifest, string json) => serialization.Deserialize(Encoding.UTF8.GetBytes(json), id, manifest);

    private EventData Foreign(object payload)
    {
        var serializer = serialization.FindSerializerFor(payload);
        var type = $"{ForeignPrefix}{serializer.Identifier.ToString(CultureInfo.InvariantCulture)}:{AkkaSerialization.ManifestFor(serializer, payload)}";
        return new EventData(type, time.GetUtcNow(), null, JsonSerializer.Serialize(Convert.ToBase64String(serializer.ToBinary(payload))));
    }

    private object Deserialize(ReadOnlySpan<char> idAndManifest, byte[] bytes)
    {
        var (id, manifest) = Split(idAndManifest.ToString());
        return serialization.Deserialize(bytes, id, manifest);
    }

    private static (int Id, string Manifest) Split(string idAndManifest)
    {
        var colon = idAndManifest.IndexOf(':', StringComparison.Ordinal);
        return (int.Parse(idAndManifest.AsSpan(0, colon), CultureInfo.InvariantCulture), idAndManifest[(colon + 1)..]);
    }
}
