using System.Text;
using Eco.Actors.Jobs;

namespace Eco.Actors.Sharding;

/// <summary>The one place a job picks its shard: FNV-1a (64-bit) of the id's UTF-8 bytes, modulo the shard count.</summary>
/// <remarks>The hash is ours and stable across processes and runtimes (never <c>string.GetHashCode()</c>, which is randomized per
/// process). The shard count is fixed for the life of a cluster: changing it re-homes every job. An id may name its shard key
/// explicitly before <c>__</c> (<c>conv_1a2b…__0193…</c>): streams that must live together (a conversation and its turns) share it.</remarks>
public sealed class ShardResolver
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>Creates a resolver over <paramref name="shardCount"/> shards.</summary>
    public ShardResolver(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        ShardCount = shardCount;
    }

    /// <summary>Number of shards.</summary>
    public int ShardCount { get; }

    /// <summary>The shard of a job (or of any stream id).</summary>
    public int ShardOf(JobId id) => (int)(Hash(ShardKey(id.Value)) % (ulong)ShardCount);

    /// <summary>The part of an id that picks its shard: everything before <c>__</c>, or the whole id.</summary>
    public static string ShardKey(string id)
    {
        var split = id.IndexOf("__", StringComparison.Ordinal);
        return split > 0 ? id[..split] : id;
    }

    /// <summary>The stable 64-bit hash used for shards and event-bus channels.</summary>
    public static ulong Hash(string value)
    {
        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, buffer);
        var hash = OffsetBasis;
        foreach (var b in buffer[..length])
        {
            hash = (hash ^ b) * Prime;
        }
        return hash;
    }
}
