namespace Eco.Actors.Jobs;

/// <summary>Hears that a job ended, once its terminal event is durable.</summary>
/// <remarks>Called again when a recovered job is found already ended, so an observer that must not miss an ending (a conversation
/// waiting to close its turn) gets it even when the node crashed between the terminal event and the first call. Must be idempotent.</remarks>
public interface IJobObserver
{
    /// <summary>An observer that does nothing.</summary>
    static readonly IJobObserver None = new NoObserver();

    /// <summary>The job has ended; <paramref name="state"/> holds its outputs.</summary>
    ValueTask JobEndedAsync(JobState state, CancellationToken cancellationToken);

    private sealed class NoObserver : IJobObserver
    {
        public ValueTask JobEndedAsync(JobState state, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
