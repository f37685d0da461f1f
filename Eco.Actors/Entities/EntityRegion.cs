using System.Collections.Concurrent;
using Eco.Actors.Jobs;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Entities;

/// <summary>Hosts the live entities of one type on this node: activates them on their first message and unloads idle ones.</summary>
/// <typeparam name="TMessage">The entities' messages.</typeparam>
/// <remarks>
/// Each entity gets its own cell: a bounded mailbox drained by one loop, so an entity handles one message at a time and no state is
/// shared between entities. A failing entity is restarted from its journal by its own cell's supervisor.
/// </remarks>
public sealed class EntityRegion<TMessage> : IAsyncDisposable
{
    private readonly ConcurrentDictionary<JobId, EntityCell<TMessage>> _cells = new();
    private readonly Func<IEntityContext<TMessage>, IEntity<TMessage>> _factory;
    private readonly EntityRegionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Action<TMessage>? _deadLetter;

    /// <summary>Creates a region whose entities are built by <paramref name="factory"/>.</summary>
    /// <param name="factory">Builds one entity instance (again after each restart).</param>
    /// <param name="options">Mailbox, passivation and supervision settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="deadLetter">Receives messages left in the mailbox of an entity the supervisor stopped, so no caller waits forever.</param>
    public EntityRegion(
        Func<IEntityContext<TMessage>, IEntity<TMessage>> factory, EntityRegionOptions options, TimeProvider time, ILogger logger,
        Action<TMessage>? deadLetter = null)
    {
        _deadLetter = deadLetter;
        _factory = factory;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Entities currently loaded.</summary>
    public int ActiveCount => _cells.Count;

    /// <summary>The ids of the entities loaded now (a snapshot).</summary>
    public IReadOnlyList<JobId> ActiveIds => [.. _cells.Keys];

    /// <summary>True while the entity is loaded on this node.</summary>
    public bool IsActive(JobId id) => _cells.ContainsKey(id);

    /// <summary>Delivers a message, activating the entity if needed; waits while its mailbox is full.</summary>
    public async ValueTask TellAsync(JobId id, TMessage message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        while (true)
        {
            var cell = _cells.GetOrAdd(id, static (key, region) => new EntityCell<TMessage>(key, region), this);
            cell.EnsureStarted();
            switch (cell.TryEnqueue(message))
            {
                case EnqueueResult.Queued:
                    return;
                case EnqueueResult.Stopped:
                    // The cell passivated or gave up between lookup and enqueue: drop it and activate a fresh one.
                    _cells.TryRemove(new KeyValuePair<JobId, EntityCell<TMessage>>(id, cell));
                    continue;
                case EnqueueResult.Full:
                    await cell.WaitToEnqueueAsync(cancellationToken).ConfigureAwait(false);
                    continue;
            }
        }
    }

    /// <summary>Stops the entities whose id matches (a shard handed off or lost) and waits for them to finish stopping.</summary>
    /// <remarks>Messages still queued for them go to the dead-letter handler, so senders learn at once and can retry elsewhere.</remarks>
    public async Task StopWhereAsync(Func<JobId, bool> predicate, TimeSpan timeout)
    {
        var stopping = _cells.Values.Where(c => predicate(c.Id)).ToList();
        foreach (var cell in stopping)
        {
            cell.RequestStop();
        }
        await Task.WhenAll(stopping.Select(c => c.Completion)).WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Stops every entity (work in flight is cancelled; unfinished jobs resume from the journal on the next start).</summary>
    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_cells.Values.Select(c => c.Completion)).ConfigureAwait(false);
        _cells.Clear();
        _shutdown.Dispose();
    }

    internal IEntity<TMessage> Create(IEntityContext<TMessage> context) => _factory(context);

    internal EntityRegionOptions Options => _options;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    internal CancellationToken ShutdownToken => _shutdown.Token;

    internal void DeadLetter(TMessage message) => _deadLetter?.Invoke(message);

    internal void Remove(EntityCell<TMessage> cell) =>
        _cells.TryRemove(new KeyValuePair<JobId, EntityCell<TMessage>>(cell.Id, cell));
}
