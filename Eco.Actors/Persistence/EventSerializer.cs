using Akka.Actor;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Actors.Persistence;

/// <summary>The explicit serializer of what entities persist: events (<see cref="EventData"/>) and job snapshots (<see cref="JobState"/>).</summary>
/// <remarks>Eco's journal stores an event's type, stage and JSON payload in columns of their own (no serializer runs on that path);
/// this serializer is what Akka uses wherever else the objects travel (snapshots, another journal plugin).</remarks>
public sealed class EventSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, new Dictionary<string, Type>
{
    ["event"] = typeof(EventData),
    ["job-state"] = typeof(JobState),
})
{
    /// <summary>This serializer's identifier (unique in the actor system; Akka's own use 1–100).</summary>
    public const int Id = 7101;

    /// <inheritdoc />
    public override int Identifier => Id;
}
