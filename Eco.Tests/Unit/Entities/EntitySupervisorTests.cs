using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using Eco.Actors.Entities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Unit.Entities;

/// <summary>The sharded entity's supervisor: restarts with backoff, messages kept for the next incarnation, a last run that is told
/// why, and the passivation hand-shake with sharding.</summary>
public sealed class EntitySupervisorTests : TestKit
{
    private static readonly EntityOptions Quick = new()
    {
        MaxRestarts = 3,
        RestartWindow = TimeSpan.FromMinutes(1),
        MinRestartBackoff = TimeSpan.FromMilliseconds(20),
        MaxRestartBackoff = TimeSpan.FromMilliseconds(80),
    };

    /// <summary>An entity that reports each start to the test and fails on "fail" (by throwing, or as a failed write does: saying why, then stopping).</summary>
    private sealed class Flaky : ReceiveActor
    {
        public Flaky(IActorRef probe, string? giveUpReason)
        {
            probe.Tell(new Started(giveUpReason));
            Receive<string>(m => m == "throw", _ => throw new InvalidOperationException("boom"));
            Receive<string>(m => m == "fail-write", _ =>
            {
                Context.Parent.Tell(new EntityFailed("the journal failed a write: disk full"));
                Context.Stop(Self);
            });
            Receive<string>(m => m == "done", _ => Context.Parent.Tell(PassivateEntity.Instance));
            ReceiveAny(m => probe.Tell(new Got(m)));
            _probe = probe;
        }

        private readonly IActorRef _probe;

        protected override void PostStop() => _probe.Tell(new Stopped());
    }

    private sealed record Stopped;

    private sealed record Started(string? GiveUpReason);

    private sealed record Got(object Message);

    /// <summary>Stands in for sharding's shard: the supervisor's parent, which hears its passivation request.</summary>
    private sealed class FakeShard : ReceiveActor
    {
        public FakeShard(Props entity, IActorRef probe)
        {
            var child = Context.ActorOf(entity, "entity-1");
            Receive<Passivate>(p => probe.Forward(p));
            ReceiveAny(m => child.Forward(m));
        }
    }

    private IActorRef Supervised(EntityOptions? options = null) =>
        Sys.ActorOf(EntitySupervisor.Props(reason => Props.Create(() => new Flaky(TestActor, reason)), options ?? Quick, TimeProvider.System, NullLogger.Instance));

    [Fact]
    public void Throws_RestartsAfterABackoff_AndMessagesSentMeanwhileReachTheNextIncarnation()
    {
        var entity = Supervised(new EntityOptions { MinRestartBackoff = TimeSpan.FromMilliseconds(300), MaxRestartBackoff = TimeSpan.FromMilliseconds(300) });
        ExpectMsg<Started>(s => s.GiveUpReason is null);
        entity.Tell("throw");
        ExpectMsg<Stopped>();
        entity.Tell("hello"); // arrives while the entity is down, waiting for its backoff: kept, not lost
        ExpectMsg<Started>(s => s.GiveUpReason is null);
        ExpectMsg<Got>(g => (string)g.Message == "hello");
    }

    [Fact]
    public void KeepsFailing_AfterTheBudgetTheLastRunIsToldWhy_AndIfThatFailsTooTheSupervisorStops()
    {
        var entity = Supervised();
        Watch(entity);
        ExpectMsg<Started>();
        for (var restart = 0; restart < Quick.MaxRestarts; restart++)
        {
            entity.Tell("fail-write");
            ExpectMsg<Stopped>();
            ExpectMsg<Started>(s => s.GiveUpReason is null);
        }
        entity.Tell("fail-write");
        ExpectMsg<Stopped>();
        // The budget is spent: one last run, which knows the reason (a job writes job.failed with it).
        ExpectMsg<Started>(s => s.GiveUpReason == "the journal failed a write: disk full");
        entity.Tell("throw");
        ExpectMsg<Stopped>();
        ExpectTerminated(entity); // sharding's remember-entities starts it again later, with a fresh budget
    }

    [Fact]
    public void Passivate_TheShardIsAsked_AndTheStopItSendsBackStopsTheEntity()
    {
        var probe = CreateTestProbe();
        var shard = Sys.ActorOf(Props.Create(() => new FakeShard(
            EntitySupervisor.Props(reason => Props.Create(() => new Flaky(probe.Ref, reason)), Quick, TimeProvider.System, NullLogger.Instance), TestActor)));
        probe.ExpectMsg<Started>();
        shard.Tell("done");
        var passivate = ExpectMsg<Passivate>();
        Assert.Same(StopEntity.Instance, passivate.StopMessage);
        var supervisor = LastSender;
        Watch(supervisor);
        supervisor.Tell(StopEntity.Instance);
        ExpectTerminated(supervisor); // its entity with it: no restart after a stop sharding asked for
    }
}
