using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Entities;

/// <summary>The sharded entity: runs one persistent actor (a job or a conversation) as its child, restarts it with backoff when it
/// fails, and when the budget is spent gives it one last run whose only task is to record the failure (a job ends with
/// <c>job.failed</c> and the reason).</summary>
/// <remarks>
/// <para>Every failure stops the child: an exception in a handler (the strategy below), and a write or recovery the journal
/// failed (Akka.Persistence stops a persistent actor itself). The child recovers from its journal on restart, so a failed write
/// leaves no gap: the next incarnation continues from what is durable. Messages that arrive while the child is down wait here
/// and go to the next incarnation. Akka's <c>BackoffSupervisor</c> restarts with backoff too, but cannot end the job with the
/// reason when it gives up; this does.</para>
/// <para>If even the last run fails (the journal is down for good), the supervisor stops; sharding's remember-entities starts the
/// entity again after its own backoff, with a fresh budget, so an unfinished job is never forgotten.</para>
/// </remarks>
public sealed class EntitySupervisor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly Func<string?, Props> _entityProps;
    private readonly RestartBudget _budget;
    private readonly ILogger _logger;
    private IActorRef _entity = ActorRefs.Nobody;
    private string? _lastFailure;
    private bool _gaveUp;

    /// <summary>Creates the supervisor.</summary>
    /// <param name="entityProps">Props of the entity; the argument is null for a normal run, or the reason of the last failure for the
    /// last run after the budget is spent.</param>
    /// <param name="options">Restart budget and backoff.</param>
    /// <param name="time">The clock of the restart window.</param>
    /// <param name="logger">The log.</param>
    public EntitySupervisor(Func<string?, Props> entityProps, EntityOptions options, TimeProvider time, ILogger logger)
    {
        _entityProps = entityProps;
        _budget = new RestartBudget(options, time);
        _logger = logger;
        Running();
    }

    /// <summary>The props of a supervised entity.</summary>
    public static Props Props(Func<string?, Props> entityProps, EntityOptions options, TimeProvider time, ILogger logger) =>
        Akka.Actor.Props.Create(typeof(EntitySupervisor), entityProps, options, time, logger); // not an expression: compiled per entity

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private string EntityId => Uri.UnescapeDataString(Self.Path.Name);

    /// <inheritdoc />
    protected override void PreStart() => Start(giveUpReason: null);

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(failure =>
    {
        _lastFailure = failure.Message;
        ActorsLog.EntityFailed(_logger, EntityId, failure);
        return Directive.Stop;
    });

    private void Start(string? giveUpReason) => _entity = Context.Watch(Context.ActorOf(_entityProps(giveUpReason), "entity"));

    private void Running()
    {
        Receive<EntityFailed>(failed => _lastFailure = failed.Reason);
        Receive<PassivateEntity>(_ => Context.Parent.Tell(new Passivate(StopEntity.Instance)));
        Receive<StopEntity>(_ =>
        {
            Context.Stop(_entity);
            Become(Stopping);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_entity), _ =>
        {
            // Decide after the child's last words: its EntityFailed is an ordinary message, queued before this one.
            Self.Tell(EntityStopped.Instance);
            Become(Down);
        });
        ReceiveAny(message => _entity.Forward(message));
    }

    private void Down()
    {
        Receive<EntityFailed>(failed => _lastFailure = failed.Reason);
        Receive<EntityStopped>(_ => Decide());
        Receive<RestartEntity>(_ =>
        {
            Start(giveUpReason: null);
            Stash.UnstashAll();
            Become(Running);
        });
        Receive<StopEntity>(_ => Context.Stop(Self));
        Receive<PassivateEntity>(_ => { });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Stopping()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_entity), _ => Context.Stop(Self));
        ReceiveAny(_ => { }); // sharding holds new messages for the entity while it passivates, and delivers them to its next start
    }

    private void Decide()
    {
        var reason = _lastFailure ?? "it stopped unexpectedly";
        if (_budget.TryRestart(out var delay))
        {
            ActorsLog.EntityRestarting(_logger, EntityId, _budget.RecentRestarts, delay, reason);
            Timers.StartSingleTimer(RestartEntity.Instance, RestartEntity.Instance, delay);
        }
        else if (!_gaveUp)
        {
            _gaveUp = true;
            ActorsLog.EntityGaveUp(_logger, EntityId, _budget.RecentRestarts, reason);
            Start(giveUpReason: reason);
            Stash.UnstashAll();
            Become(Running);
        }
        else
        {
            ActorsLog.EntityStopped(_logger, EntityId, reason);
            Context.Stop(Self);
        }
    }

    private sealed record EntityStopped
    {
        public static readonly EntityStopped Instance = new();
    }

    private sealed record RestartEntity
    {
        public static readonly RestartEntity Instance = new();
    }
}
