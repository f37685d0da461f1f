using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Eco.Actors.Jobs;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Jobs;

/// <summary>A submission and its answer, a cancel and a wake-up cross nodes (the job's shard may live elsewhere): what the API decides
/// on must survive the trip.</summary>
public sealed class JobMessageSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test",
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(EcoActorSystems.NodeHocon()));

    public void Dispose() => _system.Dispose();

    [Fact]
    public void SubmitOutcome_ForADifferentRequest_SaysSoOnTheOtherNode()
    {
        var back = RoundTrip(new SubmitOutcome(Created: false, LastSeq: 7, DifferentRequest: true));
        Assert.Equal(new SubmitOutcome(false, 7, DifferentRequest: true), back);
    }

    [Fact]
    public void SubmitJob_WithLocation_IsTheSameRequestOnTheOtherNode()
    {
        var spec = new JobSpec("chat", "근처 수거함", "c-1") { Location = new GeoLocation(37.5665, 126.978), BusyPolicy = "enqueue" };
        var back = Assert.IsType<SubmitJob>(RoundTrip(new SubmitJob(spec)));
        Assert.True(back.Spec.IsSameRequest(spec));
        Assert.False(back.Spec.IsSameRequest(spec with { Location = new GeoLocation(37.5665, 126.979) }));
    }

    [Fact]
    public void ResumeJob_FromTheSweepingLeader_ArrivesAsAResumeOnTheJobsNode()
    {
        Assert.IsType<ResumeJob>(RoundTrip(ResumeJob.Instance));
        Assert.IsType<CancelJob>(RoundTrip(new CancelJob("a newer message interrupted this turn")));
    }

    private object RoundTrip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<JobMessageSerializer>(serializer);
        var manifest = Serialization.ManifestFor(serializer, message);
        return _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }
}
