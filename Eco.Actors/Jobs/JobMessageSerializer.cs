using Akka.Actor;
using Eco.Actors.Persistence;

namespace Eco.Actors.Jobs;

/// <summary>The explicit serializer of the job messages that cross nodes (a submission reaching its shard's node and the reply, a cancel, a wake-up).</summary>
public sealed class JobMessageSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, new Dictionary<string, Type>
{
    ["submit-job"] = typeof(SubmitJob),
    ["submit-outcome"] = typeof(SubmitOutcome),
    ["cancel-job"] = typeof(CancelJob),
    ["resume-job"] = typeof(ResumeJob),
})
{
    /// <summary>This serializer's identifier (unique in the actor system).</summary>
    public const int Id = 7102;

    /// <inheritdoc />
    public override int Identifier => Id;
}
