using Eco.Actors.Revocations;
using Eco.Host.Hosting;
using Eco.Host.Limits;

namespace Eco.Host.Auth;

/// <summary>Acts on this node's revocation list: the node is ready only once the list is in, requests wait (briefly) for it, and
/// a revocation ends the job streams open with the tokens it refuses.</summary>
internal sealed class RevocationWatch(RevocationList revocations, UserStreams streams, NodeReadiness readiness, ILogger<RevocationWatch> logger)
    : IHostedService
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the registry's list has reached this node.</summary>
    public Task Loaded => _loaded.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        revocations.Changed += OnChanged;
        if (revocations.IsLoaded)
        {
            MarkLoaded();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        revocations.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(RevocationState state)
    {
        MarkLoaded();
        var ended = streams.EndRevoked(state.IsRevoked);
        if (ended > 0)
        {
            HostLog.StreamsEndedByRevocation(logger, ended, state.Revision);
        }
    }

    private void MarkLoaded()
    {
        readiness.MarkRevocationsLoaded();
        _loaded.TrySetResult();
    }
}
