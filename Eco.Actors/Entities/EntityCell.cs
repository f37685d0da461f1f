using System.Threading.Channels;
using Eco.Actors.Jobs;

namespace Eco.Actors.Entities;

internal enum EnqueueResult
{
    Queued,
    Full,
    Stopped,
}

/// <summary>One entity's mailbox, loop and supervisor.</summary>
internal sealed class EntityCell<TMessage> : IEntityContext<TMessage>
{
    private readonly EntityRegion<TMessage> _region;
    private readonly Channel<TMessage> _mailbox;
    private readonly RestartBudget _budget;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop;
    private bool _stopped;
    private int _started;
    private Task _completion = Task.CompletedTask;

    public EntityCell(JobId id, EntityRegion<TMessage> region)
    {
        Id = id;
        _region = region;
        _mailbox = Channel.CreateBounded<TMessage>(new BoundedChannelOptions(region.Options.MailboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _budget = new RestartBudget(region.Options, region.Time);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(region.ShutdownToken);
    }

    /// <summary>Stops this entity (its shard moved away): work in flight is cancelled; it resumes wherever the shard goes.</summary>
    public void RequestStop() => _stop.Cancel();

    public JobId Id { get; }

    public Task Completion => _completion;

    public void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _completion = Task.Run(RunAsync);
        }
    }

    public EnqueueResult TryEnqueue(TMessage message)
    {
        // The gate orders enqueue against passivation: a cell never stops with a message in its mailbox.
        lock (_gate)
        {
            if (_stopped)
            {
                return EnqueueResult.Stopped;
            }
            return _mailbox.Writer.TryWrite(message) ? EnqueueResult.Queued : EnqueueResult.Full;
        }
    }

    public async ValueTask WaitToEnqueueAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await _mailbox.Writer.WaitToWriteAsync(linked.Token).ConfigureAwait(false);
    }

    public async ValueTask TellSelfAsync(TMessage message, CancellationToken cancellationToken)
    {
        // Our own cell cannot have stopped while work it started is still running, so write straight to the mailbox.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await _mailbox.Writer.WriteAsync(message, linked.Token).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var shutdown = _stop.Token;
        IEntity<TMessage>? entity = null;
        while (true)
        {
            try
            {
                if (entity is null)
                {
                    entity = _region.Create(this);
                    await entity.RecoverAsync(shutdown).ConfigureAwait(false);
                }
                if (!await WaitForMessageAsync(entity, shutdown).ConfigureAwait(false))
                {
                    await entity.DisposeAsync().ConfigureAwait(false);
                    return; // passivated
                }
                while (_mailbox.Reader.TryRead(out var message))
                {
                    await entity.HandleAsync(message, shutdown).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                await DisposeQuietlyAsync(entity).ConfigureAwait(false);
                Stop();
                return;
            }
            catch (Exception ex)
            {
                await DisposeQuietlyAsync(entity).ConfigureAwait(false);
                entity = null;
                if (!_budget.TryRestart(out var delay))
                {
                    ActorsLog.EntityStopped(_region.Logger, Id.Value, ex);
                    Stop();
                    await GiveUpAsync(ex, shutdown).ConfigureAwait(false);
                    return;
                }
                ActorsLog.EntityRestarting(_region.Logger, Id.Value, _budget.RecentRestarts, delay, ex);
                try
                {
                    await Task.Delay(delay, _region.Time, shutdown).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Stop();
                    return;
                }
            }
        }
    }

    /// <summary>Waits for the next message; returns false when the entity was idle long enough and has been unloaded.</summary>
    private async Task<bool> WaitForMessageAsync(IEntity<TMessage> entity, CancellationToken shutdown)
    {
        while (true)
        {
            using var idle = new CancellationTokenSource(_region.Options.PassivateAfter, _region.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, shutdown);
            try
            {
                return await _mailbox.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !shutdown.IsCancellationRequested)
            {
                if (entity.CanPassivate && TryPassivate())
                {
                    ActorsLog.EntityPassivated(_region.Logger, Id.Value, _region.Options.PassivateAfter);
                    return false;
                }
            }
        }
    }

    private bool TryPassivate()
    {
        lock (_gate)
        {
            if (_mailbox.Reader.Count > 0)
            {
                return false;
            }
            _stopped = true;
        }
        _region.Remove(this);
        return true;
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
        _region.Remove(this);
        while (_mailbox.Reader.TryRead(out var orphan))
        {
            _region.DeadLetter(orphan);
        }
    }

    private async Task GiveUpAsync(Exception cause, CancellationToken shutdown)
    {
        // Best effort on a fresh instance: record the failure (a job writes its terminal event) so nobody waits forever.
        IEntity<TMessage>? last = null;
        try
        {
            last = _region.Create(this);
            await last.RecoverAsync(shutdown).ConfigureAwait(false);
            await last.GiveUpAsync(cause, shutdown).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ActorsLog.EntityStopped(_region.Logger, Id.Value, ex);
        }
        finally
        {
            await DisposeQuietlyAsync(last).ConfigureAwait(false);
        }
    }

    private static async Task DisposeQuietlyAsync(IEntity<TMessage>? entity)
    {
        if (entity is null)
        {
            return;
        }
        try
        {
            await entity.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposal only cancels work in flight; a fault there must not mask the one being supervised.
        }
    }
}
