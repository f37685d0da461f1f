using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Eco.Actors.Persistence;

/// <summary>An Akka serializer of records as JSON, named by a short manifest from a fixed table: never by .NET type names.</summary>
/// <remarks>Renaming or moving a type changes nothing on the wire or in the journal; a manifest, once shipped, keeps its meaning.
/// Each protocol (events, job messages, conversation messages) has its own subclass, table and identifier.</remarks>
public abstract class JsonManifestSerializer : SerializerWithStringManifest
{
    // Readable as stored (a snapshot's Korean text stays Korean in the database); every reader is this serializer, not a browser.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly FrozenDictionary<string, Type> _types;
    private readonly FrozenDictionary<Type, string> _manifests;

    /// <summary>Creates the serializer over its manifest table.</summary>
    /// <param name="system">The actor system.</param>
    /// <param name="types">Manifest → type, for every type this serializer is bound to.</param>
    protected JsonManifestSerializer(ExtendedActorSystem system, IReadOnlyDictionary<string, Type> types) : base(system)
    {
        _types = types.ToFrozenDictionary(StringComparer.Ordinal);
        _manifests = types.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
    }

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) =>
        _types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"'{manifest}' deserialized to null")
            : throw new SerializationException($"{GetType().Name} knows no manifest '{manifest}'");

    /// <inheritdoc />
    public override string Manifest(object o) =>
        _manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{GetType().Name} has no manifest for {o.GetType().Name}", nameof(o));
}
