using Akka.Actor;
using Akka.Streams;

namespace Eco.Tests.Support;

/// <summary>The materializer that runs provider lanes and answer streams in tests outside a node: one actor system for the test run.</summary>
internal static class TestLanes
{
    private static readonly Lazy<ActorSystem> System = new(() => EcoActorSystems.StartScheduler(ActorSystem.Create("test-lanes")));
    private static readonly Lazy<IMaterializer> Shared = new(() => System.Value.Materializer());

    public static IMaterializer Materializer() => Shared.Value;
}
