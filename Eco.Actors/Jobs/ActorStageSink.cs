using Akka.Actor;

namespace Eco.Actors.Jobs;

/// <summary>A running stage's way back to its job actor: each token or progress event becomes a persisted event.</summary>
/// <remarks>Backpressure: at most <c>window</c> of the stage's events are on their way to the journal; the next waits until one is
/// durable, so a slow journal slows the stage's model read instead of piling text up in memory.</remarks>
internal sealed class ActorStageSink(IActorRef job, long runId, string stage, Func<bool> mayAct, int window) : IStageSink
{
    private readonly SemaphoreSlim _window = new(window, window);

    public bool MayAct => mayAct();

    public async ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken)
    {
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        job.Tell(new StageTokens(runId, stage, text, _window));
    }

    public async ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken)
    {
        if (!JobEventTypes.IsStageProgress(type))
        {
            throw new ArgumentException($"'{type}' is not a stage progress event", nameof(type));
        }
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        job.Tell(new StageProgress(runId, stage, type, dataJson, _window));
    }
}
