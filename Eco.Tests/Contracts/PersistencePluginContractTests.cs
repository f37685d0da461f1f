using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Persistence;
using Eco.Actors.Sharding;
using Eco.Actors.Snapshots;
using Eco.Tests.Support;

namespace Eco.Tests.Contracts;

/// <summary>What Eco's Akka.Persistence plugins (write journal, snapshot store, read journal) do over each storage: real actors
/// persisting and recovering through Akka.Persistence, on a real SQLite file or PostgreSQL schema.</summary>
public abstract class PersistencePluginContractTests : IAsyncLifetime
{
    private readonly LiveEventHub _hub = new();
    private ActorSystem _system = null!;

    protected IJournal Journal { get; private set; } = null!;

    /// <summary>One shard, held by this "node" under fence 1 (the tests revoke or outdate it).</summary>
    protected ShardFences Fences { get; } = new(new ShardResolver(1), TimeProvider.System, enforced: true);

    protected TestKit Kit { get; private set; } = null!;

    /// <summary>Opens the storage under test, publishing committed appends to <paramref name="live"/>.</summary>
    protected abstract Task<IJournal> OpenAsync(ILiveEventPublisher live);

    public async Task InitializeAsync()
    {
        Journal = await OpenAsync(_hub);
        Fences.Grant(0, 1, long.MaxValue);
        _system = EcoActorSystems.Create("plugin", Setup());
        Kit = new TestKit(_system);
    }

    private Akka.Actor.Setup.ActorSystemSetup Setup() => Journal switch
    {
        Eco.Actors.Journal.Sqlite.SqliteJournal sqlite => EcoActorSystems.Setup(sqlite, Fences, hub: _hub),
        Eco.Actors.Journal.Postgres.PostgresJournal postgres => EcoActorSystems.Setup(postgres, Fences, hub: _hub),
        _ => throw new InvalidOperationException("unknown journal"),
    };

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        if (Journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private static EventData Event(string type, string text = "x") => new(type, DateTimeOffset.UtcNow, "answer", $"{{\"text\":\"{text}\"}}");

    private IActorRef Start(string persistenceId) => _system.ActorOf(RecordingActor.Props(persistenceId));

    private static async Task<RecordingActor.Recovered> RecoveredAsync(IActorRef actor) =>
        await actor.Ask<RecordingActor.Recovered>(new RecordingActor.GetRecovered(), TimeSpan.FromSeconds(10));

    private async Task StopAsync(IActorRef actor)
    {
        Kit.Watch(actor);
        _system.Stop(actor);
        await Kit.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Persist_EventsTakeTheActorsSequenceNumbersAsSeq_AndRecoveryReplaysThemInOrder()
    {
        var job = JobId.New().Value;
        var actor = Start(job);
        var first = await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("job.accepted"), Event("token", "a")]), TimeSpan.FromSeconds(10));
        var second = await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("token", "b")]), TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2], first.Seqs);
        Assert.Equal([3], second.Seqs);
        Assert.Equal([1, 2, 3], (await Journal.ReadAsync(JobId.Parse(job), 0, 10, default)).Select(e => e.Seq)); // the row's seq is the actor's

        await StopAsync(actor);
        var recovered = await RecoveredAsync(Start(job));
        Assert.Equal([1, 2, 3], recovered.Events.Select(e => e.Seq));
        Assert.Equal(["job.accepted", "token", "token"], recovered.Events.Select(e => ((EventData)e.Payload).Type));
        Assert.Contains("\"b\"", ((EventData)recovered.Events[2].Payload).DataJson);
        Assert.Equal(3, recovered.LastSequenceNr);
    }

    private sealed record Note(string Text);

    [Fact]
    public async Task Persist_AnotherKindOfEvent_GoesThroughItsAkkaSerializer_AndComesBackEqual()
    {
        var internalStream = "/sharding/ecoShard/" + Guid.NewGuid().ToString("N")[..6]; // as Akka's own persistent actors name theirs
        var actor = Start(internalStream);
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([new Note("hello")]), TimeSpan.FromSeconds(10));
        var stored = Assert.Single(await Journal.ReadAsync(PersistenceStreams.ToStream(internalStream), 0, 10, default));
        Assert.StartsWith("akka:", stored.Type); // serializer id and manifest, never mistaken for an Eco event
        Assert.StartsWith(InternalStreams.Prefix.ToString(), stored.JobId.Value);

        await StopAsync(actor);
        Assert.Equal(new Note("hello"), Assert.Single((await RecoveredAsync(Start(internalStream))).Events).Payload);
    }

    [Fact]
    public async Task AConflictInOneStream_FailsThatActorAlone_NeverTheOtherStreamsWrittenWithIt()
    {
        var streams = Enumerable.Range(0, 40).Select(_ => JobId.New()).ToList();
        var actors = streams.Select(s => Start(s.Value)).ToList();
        foreach (var actor in actors)
        {
            await RecoveredAsync(actor); // recovered: each believes its stream is empty
        }
        // Another writer got to every fourth stream first (a zombie, a second incarnation): those actors' next write conflicts.
        var conflicted = streams.Where((_, i) => i % 4 == 0).ToHashSet();
        foreach (var stream in conflicted)
        {
            await Journal.AppendAsync(stream, 0, [Event("job.accepted", "other writer")], default);
        }
        foreach (var actor in actors)
        {
            Kit.Watch(actor);
            actor.Tell(new RecordingActor.Write([Event("job.accepted"), Event("token")]), Kit.TestActor);
        }
        var persisted = 0;
        var terminated = new HashSet<IActorRef>();
        while (persisted + terminated.Count < actors.Count)
        {
            var message = await Kit.ReceiveOneAsync(TimeSpan.FromSeconds(20));
            switch (message)
            {
                case RecordingActor.Persisted:
                    persisted++;
                    break;
                case Terminated t:
                    terminated.Add(t.ActorRef);
                    break;
            }
        }
        Assert.Equal(30, persisted);
        Assert.Equal(actors.Where((_, i) => i % 4 == 0).ToHashSet(), terminated); // stopped: they recover from what is durable
        foreach (var stream in streams)
        {
            var events = await Journal.ReadAsync(stream, 0, 10, default);
            Assert.Equal(conflicted.Contains(stream) ? ["other writer"] : ["x", "x"], events.Select(e => JobEventData.ReadString(e.DataJson, "text")));
        }
    }

    [Fact]
    public async Task Write_UnderAStaleFence_OrWithoutTheShard_IsRefusedAndLeavesNothing_WhileInternalStreamsNeedNoFence()
    {
        var job = JobId.New();
        var actor = Start(job.Value);
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("job.accepted")]), TimeSpan.FromSeconds(10));

        // Another node took the shard and raised its fence: this node's grant (token 1) is stale, though it does not know yet.
        var raised = await Journal.RaiseFenceAsync(0, 7, default);
        Kit.Watch(actor);
        actor.Tell(new RecordingActor.Write([Event("token")]));
        await Kit.ExpectTerminatedAsync(actor);

        // Under the new token it may write again; once the grant is gone (lease lost, or its deadline passed), it may not.
        Fences.Grant(0, raised, long.MaxValue);
        var again = Start(job.Value);
        Assert.Equal([2], (await again.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("token")]), TimeSpan.FromSeconds(10))).Seqs);
        Fences.Revoke(0, raised);
        Kit.Watch(again);
        again.Tell(new RecordingActor.Write([Event("token")]));
        await Kit.ExpectTerminatedAsync(again);
        Assert.Equal(2, (await Journal.GetStreamAsync(job, default))!.LastSeq);

        // Akka's own stores (remember-entities) are not a job's: no fence.
        var store = Start("/sharding/ecoShard/" + Guid.NewGuid().ToString("N")[..6]);
        await store.Ask<RecordingActor.Persisted>(new RecordingActor.Write([new Note("started")]), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Snapshot_OfAJobsState_IsStoredAsReadableJson_AndOfferedOnRecovery()
    {
        var job = JobId.New();
        var actor = Start(job.Value);
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("job.accepted"), Event("token")]), TimeSpan.FromSeconds(10));
        var state = JobState.Empty(job) with { LastSeq = 2, Answer = "분리배출" };
        await actor.Ask<SaveSnapshotSuccess>(new RecordingActor.Snap(state), TimeSpan.FromSeconds(10));
        var stored = (await ((ISnapshotStore)Journal).LoadLatestAsync(job, default))!;
        Assert.Contains("분리배출", stored.State);
        Assert.StartsWith("json:", stored.Manifest);

        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("token", "after")]), TimeSpan.FromSeconds(10));
        await StopAsync(actor);
        var recovered = await RecoveredAsync(Start(job.Value));
        Assert.Equal(state, recovered.Snapshot);
        Assert.Equal([3], recovered.Events.Select(e => e.Seq)); // only what came after the snapshot is replayed
    }

    [Fact]
    public async Task DeleteMessages_AnInternalStream_IsTrimmed_AJobsStreamNever()
    {
        var internalStream = "/sharding/ecoShard/" + Guid.NewGuid().ToString("N")[..6];
        var store = Start(internalStream);
        await store.Ask<RecordingActor.Persisted>(new RecordingActor.Write([new Note("1"), new Note("2"), new Note("3")]), TimeSpan.FromSeconds(10));
        await store.Ask<DeleteMessagesSuccess>(new RecordingActor.Trim(2), TimeSpan.FromSeconds(10));
        Assert.Equal([3], (await Journal.ReadAsync(PersistenceStreams.ToStream(internalStream), 0, 10, default)).Select(e => e.Seq));

        var job = Start(JobId.New().Value);
        await job.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("job.accepted"), Event("token")]), TimeSpan.FromSeconds(10));
        var refused = await job.Ask<DeleteMessagesFailure>(new RecordingActor.Trim(1), TimeSpan.FromSeconds(10));
        Assert.IsType<NotSupportedException>(refused.Cause);
    }

    [Fact]
    public async Task ReadJournal_CurrentEventsAreTheStoredOnes_AndTheLiveQueryIsPushedFromTheCommitUntilTheTerminalEvent()
    {
        var job = JobId.New();
        var actor = Start(job.Value);
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("job.accepted"), Event("token", "one")]), TimeSpan.FromSeconds(10));
        var queries = PersistenceQuery.Get(_system).ReadJournalFor<EcoReadJournal>(EcoReadJournal.Identifier);
        var materializer = _system.Materializer();

        var current = await queries.CurrentEventsByPersistenceId(job.Value, 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        Assert.Equal([1, 2], current.Select(e => e.SequenceNr));

        // Live from seq 2 on: the catch-up, then what is written while it runs, then it completes after the terminal event. The
        // watcher's silence re-check is 30 s in these tests, so events that arrive in time arrived pushed, not polled.
        var live = queries.EventsByPersistenceId(job.Value, 2, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([Event("token", "two")]), TimeSpan.FromSeconds(10));
        await actor.Ask<RecordingActor.Persisted>(new RecordingActor.Write([new EventData(JobEventTypes.Completed, DateTimeOffset.UtcNow, null, "{\"answer\":\"ok\"}")]),
            TimeSpan.FromSeconds(10));
        var received = await live.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([2, 3, 4], received.Select(e => e.SequenceNr));
        Assert.Equal(JobEventTypes.Completed, ((EventData)received[^1].Event).Type);
        Assert.All(received, e => Assert.Equal(job.Value, e.PersistenceId));
    }
}
