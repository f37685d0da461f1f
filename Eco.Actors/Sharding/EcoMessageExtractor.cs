using System.Globalization;
using Akka.Cluster.Sharding;
using Eco.Actors.Jobs;

namespace Eco.Actors.Sharding;

/// <summary>Routes sharding's messages: every message travels in a <see cref="ShardingEnvelope"/> naming its stream, and the shard is
/// <see cref="ShardResolver"/>'s.</summary>
/// <remarks>Akka unwraps envelopes (and remember-entities' <c>StartEntity</c>, which restarts an entity on its shard's new node)
/// itself and asks only <see cref="ShardId(string, object?)"/>; a message outside an envelope has no entity and is unhandled.</remarks>
public sealed class EcoMessageExtractor(ShardResolver resolver) : IMessageExtractor
{
    /// <inheritdoc />
    public string? EntityId(object message) => null;

    /// <inheritdoc />
    public object? EntityMessage(object message) => message;

    /// <inheritdoc />
    public string? ShardId(object message) => null;

    /// <inheritdoc />
    public string ShardId(string entityId, object? messageHint = null) =>
        resolver.ShardOf(JobId.Parse(entityId)).ToString(CultureInfo.InvariantCulture);
}
